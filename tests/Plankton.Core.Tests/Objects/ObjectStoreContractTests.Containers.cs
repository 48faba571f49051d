using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>The account and container lifecycle: deleting empty ones, changing the versioning policy, reading usage back.</summary>
public abstract partial class ObjectStoreContractTests
{
    [Test]
    public async Task DeleteContainerAsync_Empty_RemovesItWithItsPermissionsAndAllowsANewOne()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "shared", RandomBytes(1, 10));
        await store.SetPermissionsAsync(Owner, PathOf("shared"), new ObjectPermissions(["bob"], []));
        await store.DeleteAsync(Owner, PathOf("shared"));
        await store.PurgeAsync(Owner, PathOf("shared"), Time.GetUtcNow());

        bool deleted = await store.DeleteContainerAsync(Owner, Owner, Container);
        VersioningPolicy again = await store.EnsureContainerAsync(Owner, Owner, Container, VersioningPolicy.None);

        deleted.Should().BeTrue();
        again.Should().Be(VersioningPolicy.None, "the container was made anew with the policy asked for");
        (await store.ListContainersAsync("bob", Owner)).Should().BeEmpty("its permission entries went with it");
        (await store.ListObjectsAsync(Owner, Owner, Container)).Entries.Should().BeEmpty();
        (await store.GetUsageAsync(Owner, Owner, Container)).Bytes.Should().Be(0);
    }

    [Test]
    public async Task DeleteContainerAsync_LiveObject_ThrowsConflictAndChangesNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "kept", RandomBytes(2, 10));
        long rows = await CountCatalogueRowsAsync();

        Func<Task> act = async () => await store.DeleteContainerAsync(Owner, Owner, Container);

        (await act.Should().ThrowAsync<ObjectConflictException>()).WithMessage("*not empty*");
        (await ReadAllAsync(store, "kept")).Should().Equal(RandomBytes(2, 10));
        (await CountCatalogueRowsAsync()).Should().Be(rows);
    }

    [Test]
    public async Task DeleteContainerAsync_DeletedObjectWithHistory_ThrowsConflictUntilPurged()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "gone", RandomBytes(3, 10));
        await store.DeleteAsync(Owner, PathOf("gone"));

        Func<Task> whileHistory = async () => await store.DeleteContainerAsync(Owner, Owner, Container);
        await whileHistory.Should().ThrowAsync<ObjectConflictException>("a deleted object's history still lives in the container");
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.PurgeAsync(Owner, PathOf("gone"), Time.GetUtcNow());

        (await store.DeleteContainerAsync(Owner, Owner, Container)).Should().BeTrue();
    }

    [Test]
    public async Task DeleteContainerAsync_MissingOrByAnotherUser_ReturnsFalseOrThrowsNotAllowed()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> stranger = async () => await store.DeleteContainerAsync(Stranger, Owner, Container);

        (await store.DeleteContainerAsync(Owner, Owner, "nope")).Should().BeFalse();
        (await store.DeleteContainerAsync("nobody-here", "nobody-here", "nope")).Should().BeFalse("the account does not exist");
        await stranger.Should().ThrowAsync<NotAllowedException>();
        (await store.ListContainersAsync(Owner, Owner)).Should().Equal(Container);
    }

    [Test]
    public async Task DeleteAccountAsync_WithContainerThenEmpty_ThrowsConflictThenDeletesItAndItsGroups()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.SetGroupAsync(Owner, Owner, "team", ["bob"]);

        Func<Task> withContainer = async () => await store.DeleteAccountAsync(Owner, Owner);
        (await withContainer.Should().ThrowAsync<ObjectConflictException>()).WithMessage("*not empty*");
        await store.DeleteContainerAsync(Owner, Owner, Container);
        bool deleted = await store.DeleteAccountAsync(Owner, Owner);
        bool again = await store.DeleteAccountAsync(Owner, Owner);
        Func<Task> groups = async () => await store.GetGroupsAsync(Owner, Owner);

        deleted.Should().BeTrue();
        again.Should().BeFalse();
        (await store.ListAccountsAsync(Owner)).Should().BeEmpty();
        (await groups.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Account);
        (await store.EnsureAccountAsync(Owner, Owner)).Should().BeTrue("the account can be made again");
    }

    [Test]
    public async Task DeleteAccountAsync_ByAnotherUser_ThrowsNotAllowed()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);

        Func<Task> act = async () => await store.DeleteAccountAsync(Stranger, Owner);

        await act.Should().ThrowAsync<NotAllowedException>();
        (await store.ListAccountsAsync(Owner)).Should().Equal(Owner);
    }

    [Test]
    public async Task SetContainerVersioningAsync_AutoToNoneAndBack_AppliesToTheNextWrites()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "o", RandomBytes(4, 10));
        await WriteAsync(store, "o", RandomBytes(5, 10));

        await store.SetContainerVersioningAsync(Owner, Owner, Container, VersioningPolicy.None);
        int historyKept = (await store.ListVersionsAsync(Owner, PathOf("o"))).Count;
        await WriteAsync(store, "o", RandomBytes(6, 10));
        int afterNone = (await store.ListVersionsAsync(Owner, PathOf("o"))).Count;
        await store.SetContainerVersioningAsync(Owner, Owner, Container, VersioningPolicy.Auto);
        await WriteAsync(store, "o", RandomBytes(7, 10));
        int afterAuto = (await store.ListVersionsAsync(Owner, PathOf("o"))).Count;

        historyKept.Should().Be(2, "changing the policy leaves existing history alone");
        afterNone.Should().Be(1, "a write under 'none' leaves the object its new version only");
        afterAuto.Should().Be(2, "under 'auto' again the replaced version is kept");
        (await store.EnsureContainerAsync(Owner, Owner, Container, VersioningPolicy.None)).Should().Be(VersioningPolicy.Auto);
        (await ReadAllAsync(store, "o")).Should().Equal(RandomBytes(7, 10));
    }

    [Test]
    public async Task SetContainerVersioningAsync_BadCalls_ThrowTypedErrors()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> stranger = async () => await store.SetContainerVersioningAsync(Stranger, Owner, Container, VersioningPolicy.None);
        Func<Task> missing = async () => await store.SetContainerVersioningAsync(Owner, Owner, "nope", VersioningPolicy.None);
        Func<Task> undefined = async () => await store.SetContainerVersioningAsync(Owner, Owner, Container, (VersioningPolicy)7);

        await stranger.Should().ThrowAsync<NotAllowedException>();
        (await missing.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Container);
        await undefined.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task GetUsageAsync_AfterWritesDeletesAndPurge_FollowsTheStoredVersionsAndShowsQuotas()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.EnsureContainerAsync(Owner, Owner, "second");
        await store.SetAccountQuotaAsync(Owner, Owner, 10_000);
        await store.SetContainerQuotaAsync(Owner, Owner, Container, 5_000);
        await WriteAsync(store, "a", RandomBytes(8, 100));
        await WriteAsync(store, "a", RandomBytes(9, 300));
        await store.WriteAsync(Owner, new ObjectPath(Owner, "second", "b"), new MemoryStream(RandomBytes(10, 50)));

        StorageUsage container = await store.GetUsageAsync(Owner, Owner, Container);
        StorageUsage account = await store.GetUsageAsync(Owner, Owner);
        await store.DeleteAsync(Owner, PathOf("a"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.PurgeAsync(Owner, PathOf("a"), Time.GetUtcNow());
        StorageUsage purged = await store.GetUsageAsync(Owner, Owner, Container);

        container.Should().Be(new StorageUsage(400, 5_000), "both versions of 'a' are stored");
        account.Should().Be(new StorageUsage(450, 10_000));
        purged.Should().Be(new StorageUsage(0, 5_000));
        (await store.GetUsageAsync(Owner, Owner, "second")).Should().Be(new StorageUsage(50, null));
    }

    [Test]
    public async Task GetUsageAsync_BadCalls_ThrowTypedErrors()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> stranger = async () => await store.GetUsageAsync(Stranger, Owner);
        Func<Task> missingContainer = async () => await store.GetUsageAsync(Owner, Owner, "nope");
        Func<Task> missingAccount = async () => await store.GetUsageAsync("nobody", "nobody");
        Func<Task> badName = async () => await store.GetUsageAsync(Owner, Owner, "a/b");

        await stranger.Should().ThrowAsync<NotAllowedException>();
        (await missingContainer.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Container);
        (await missingAccount.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Account);
        await badName.Should().ThrowAsync<InvalidObjectNameException>();
    }

    [Test]
    public async Task SetGroupAsync_OverTheMemberLimit_ThrowsArgumentExceptionAndKeepsTheGroup()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);
        await store.SetGroupAsync(Owner, Owner, "team", ["bob"]);
        string[] tooMany = [.. Enumerable.Range(0, ObjectStoreConstants.MaxGroupMembers + 1).Select(i => $"user{i}")];

        Func<Task> act = async () => await store.SetGroupAsync(Owner, Owner, "team", tooMany);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("*33 members*at most 32*");
        (await store.GetGroupsAsync(Owner, Owner))["team"].Should().Equal("bob");
    }

    [Test]
    public async Task SetGroupAsync_OverTheGroupLimit_ThrowsConflictButStillReplacesExistingGroups()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);
        for (int i = 0; i < ObjectStoreConstants.MaxGroupsPerAccount; i++)
        {
            await store.SetGroupAsync(Owner, Owner, $"g{i:D2}", ["bob"]);
        }

        Func<Task> oneMore = async () => await store.SetGroupAsync(Owner, Owner, "extra", ["bob"]);
        await store.SetGroupAsync(Owner, Owner, "g00", ["carol"]);

        (await oneMore.Should().ThrowAsync<ObjectConflictException>()).WithMessage("*at most 32*");
        IReadOnlyDictionary<string, IReadOnlyList<string>> groups = await store.GetGroupsAsync(Owner, Owner);
        groups.Should().HaveCount(ObjectStoreConstants.MaxGroupsPerAccount).And.NotContainKey("extra");
        groups["g00"].Should().Equal("carol");
    }
}
