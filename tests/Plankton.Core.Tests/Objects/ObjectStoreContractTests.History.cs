using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>History listings (<see cref="ListObjectsOptions.Until"/>, spec §9.9): the container as it was at a time.</summary>
public abstract partial class ObjectStoreContractTests
{
    [Test]
    public async Task ListObjectsAsync_Until_ListsTheContainerAsItWasThen()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo updated = await WriteWithMetadataAsync(store, "updated", Domain, new() { ["os"] = "linux" });
        await WriteWithMetadataAsync(store, "deleted", Domain, new() { ["os"] = "bsd" });
        await WriteAsync(store, "deleted-before", [1]);
        await WriteAsync(store, "unchanged", [1, 2]);
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.DeleteAsync(Owner, PathOf("deleted-before"));
        DateTimeOffset until = Time.Advance(TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.WriteAsync(Owner, PathOf("updated"), new MemoryStream(new byte[10]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["os"] = "windows" } });
        await store.DeleteAsync(Owner, PathOf("deleted"));
        await WriteAsync(store, "created-after", [1]);
        await WriteAsync(store, "deleted-before", [1, 2, 3]); // re-created after the time

        ObjectListPage then = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Until = until, Domain = Domain, IncludeMetadata = true });
        ObjectListPage now = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Until = Time.GetUtcNow() });
        ObjectListPage before = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Until = until.AddDays(-1) });

        then.Entries.Select(e => e.Name).Should().Equal("deleted", "updated");
        ObjectInfo old = then.Entries[1].Info!;
        old.Size.Should().Be(updated.Size);
        old.Hash.Should().Be(updated.Hash);
        old.Serial.Should().Be(updated.Serial);
        old.Uuid.Should().Be(updated.Uuid);
        then.Entries[0].Metadata.Should().Equal(new Dictionary<string, string> { ["os"] = "bsd" });
        then.Entries[1].Metadata.Should().Equal(new Dictionary<string, string> { ["os"] = "linux" }, "the metadata of the version at that time");
        now.Entries.Select(e => e.Name).Should().Equal("created-after", "deleted-before", "unchanged", "updated");
        now.Entries.Select(e => e.Info!.Serial).Should().Equal((await store.ListObjectsAsync(Owner, Owner, Container)).Entries.Select(e => e.Info!.Serial));
        before.Entries.Should().BeEmpty();
    }

    [Test]
    public async Task ListObjectsAsync_UntilWithFilters_TestsTheVersionOfThatTime()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteWithMetadataAsync(store, "a", Domain, new() { ["os"] = "linux" });
        await WriteWithMetadataAsync(store, "b", Domain, new() { ["os"] = "bsd" });
        DateTimeOffset until = Time.Advance(TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["os"] = "bsd" });
        await store.WriteAsync(Owner, PathOf("b"), new MemoryStream(new byte[50]));

        async Task<List<string>> NamesAsync(DateTimeOffset? at, string filter, long? minSize = null) =>
            [.. (await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
            {
                Until = at,
                Domain = Domain,
                Filters = [AttributeFilter.Parse(filter)],
                MinSize = minSize,
            })).Entries.Select(e => e.Name)];

        (await NamesAsync(until, "os = linux")).Should().Equal("a");
        (await NamesAsync(null, "os = linux")).Should().BeEmpty();
        (await NamesAsync(until, "os >= bsd", minSize: 2)).Should().BeEmpty("b was 1 byte then");
        (await NamesAsync(null, "os >= bsd", minSize: 2)).Should().Equal("b");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(5)]
    public async Task ListObjectsAsync_UntilWithPaging_ReturnsEveryEntryOnce(int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "a", "d/x", "d/y", "e", "f", "g" })
        {
            await WriteAsync(store, name, [1]);
        }

        DateTimeOffset until = Time.Advance(TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.DeleteAsync(Owner, PathOf("e"));
        await store.DeleteAsync(Owner, PathOf("d/x"));
        await WriteAsync(store, "b", [1]);

        List<string> names = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Until = until, Limit = limit });
        List<string> grouped = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Until = until, Limit = limit, Delimiter = '/', Prefix = string.Empty });

        names.Should().Equal("a", "d/x", "d/y", "e", "f", "g");
        grouped.Should().Equal("a", "d/", "e", "f", "g");
    }

    [Test]
    public async Task ListObjectsAsync_UntilAfterPurge_HasNoPurgedVersions()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        DateTimeOffset until = Time.Advance(TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));
        await WriteAsync(store, "a", [1, 2]);
        await store.PurgeAsync(Owner, PathOf("a"), Time.GetUtcNow().AddSeconds(-1));

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Until = until });

        page.Entries.Should().BeEmpty("the version of that time is purged");
    }

    [Test]
    public async Task ListObjectsAsync_UntilByANonOwner_ThrowsNotAllowed()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([Member, ObjectPermissions.Everyone], null));

        foreach (string user in new[] { Member, Stranger })
        {
            Func<Task> act = async () => await store.ListObjectsAsync(user, Owner, Container, new ListObjectsOptions { Until = Time.GetUtcNow() });

            (await act.Should().ThrowAsync<NotAllowedException>()).WithMessage("Browsing other account's history is not allowed*");
        }

        (await store.ListObjectsAsync(Member, Owner, Container)).Entries.Select(e => e.Name).Should().Equal("a");
    }

    [Test]
    public async Task ListObjectsAsync_UntilWithSort_ThrowsArgumentException()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> act = async () => await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
        {
            Until = Time.GetUtcNow(),
            Sort = [new ObjectSortKey(ObjectSortField.Size, false)],
        });

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("*Until*");
    }
}
