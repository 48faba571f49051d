using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>The permissions model: owner, member, group member, everyone, stranger; folder inheritance; groups.</summary>
public abstract partial class ObjectStoreContractTests
{
    protected const string Member = "bob";
    protected const string GroupMember = "carol";

    [Test]
    public async Task GetPermissionsAsync_NothingSet_ReturnsNoneWithoutSource()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);

        ObjectPermissionsInfo info = await store.GetPermissionsAsync(Owner, PathOf("a"));

        info.Source.Should().BeNull();
        info.Permissions.IsEmpty.Should().BeTrue();
    }

    [Test]
    public async Task SetPermissionsAsync_ReadEntry_MemberReadsEverythingButCannotWrite()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo info = await WriteAsync(store, "a", [1, 2, 3]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([Member], null));

        (await ReadAllAsUserAsync(store, Member, PathOf("a"))).Should().Equal(1, 2, 3);
        (await store.GetInfoAsync(Member, PathOf("a"))).Size.Should().Be(3);
        (await store.GetInfoByUuidAsync(Member, info.Uuid)).Path.Should().Be(PathOf("a"));
        (await store.ListVersionsAsync(Member, PathOf("a"))).Should().HaveCount(2);
        (await store.GetMetadataAsync(Member, PathOf("a"), Domain)).Should().ContainKey("k");
        await AssertCannotWriteAsync(store, Member, PathOf("a"));
    }

    [Test]
    public async Task SetPermissionsAsync_WriteEntry_MemberWritesAndReads()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions(null, [Member]));

        ObjectInfo written = (await store.WriteAsync(Member, PathOf("a"), new MemoryStream([9, 9]))).Info;
        await store.UpdateMetadataAsync(Member, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });

        written.ModifiedBy.Should().Be(Member);
        (await ReadAllAsUserAsync(store, Member, PathOf("a"))).Should().Equal(9, 9);
        (await store.GetMetadataAsync(Member, PathOf("a"), Domain)).Should().ContainKey("k");
        await store.DeleteAsync(Member, PathOf("a"));
        Func<Task> gone = async () => await store.GetInfoAsync(Owner, PathOf("a"));
        await gone.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task SetPermissionsAsync_GroupEntry_GroupMemberReadsUntilTheGroupIsDeleted()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [5]);
        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember, "dave"]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([$"{Owner}:team"], null));

        (await store.GetInfoAsync(GroupMember, PathOf("a"))).Size.Should().Be(1);
        Func<Task> stranger = async () => await store.GetInfoAsync(Stranger, PathOf("a"));
        await stranger.Should().ThrowAsync<NotAllowedException>();
        await AssertCannotWriteAsync(store, GroupMember, PathOf("a"));

        (await store.DeleteGroupAsync(Owner, Owner, "team")).Should().BeTrue();
        Func<Task> afterDelete = async () => await store.GetInfoAsync(GroupMember, PathOf("a"));
        await afterDelete.Should().ThrowAsync<NotAllowedException>();
    }

    [Test]
    public async Task SetPermissionsAsync_GroupWriteEntry_GroupMemberWrites()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [5]);
        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions(null, [$"{Owner}:team"]));

        (await store.WriteAsync(GroupMember, PathOf("a"), new MemoryStream([6]))).Info.ModifiedBy.Should().Be(GroupMember);
    }

    [Test]
    public async Task SetPermissionsAsync_EveryoneReads_AnyUserReadsNobodyWrites()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [5]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([ObjectPermissions.Everyone], null));

        (await store.GetInfoAsync(Stranger, PathOf("a"))).Size.Should().Be(1);
        (await store.GetInfoAsync("anyone-else", PathOf("a"))).Size.Should().Be(1);
        await AssertCannotWriteAsync(store, Stranger, PathOf("a"));
    }

    [Test]
    public async Task SetPermissionsAsync_EntryForAnotherUser_StrangerIsRefused()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [5]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([Member], [Member]));

        Func<Task> read = async () => await store.OpenReadAsync(Stranger, PathOf("a"));

        (await read.Should().ThrowAsync<NotAllowedException>()).Which.UserId.Should().Be(Stranger);
        await AssertCannotWriteAsync(store, Stranger, PathOf("a"));
    }

    [Test]
    public async Task SetPermissionsAsync_OnAFolder_AppliesBelowItAtSlashBoundariesOnly()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "photos/2026/cat.jpg", [1]);
        await WriteAsync(store, "photosx", [2]);
        await store.SetPermissionsAsync(Owner, PathOf("photos"), new ObjectPermissions([Member], null));

        (await store.GetInfoAsync(Member, PathOf("photos/2026/cat.jpg"))).Size.Should().Be(1);
        Func<Task> sibling = async () => await store.GetInfoAsync(Member, PathOf("photosx"));
        await sibling.Should().ThrowAsync<NotAllowedException>();
        ObjectPermissionsInfo inherited = await store.GetPermissionsAsync(Owner, PathOf("photos/2026/cat.jpg"));
        inherited.Source.Should().Be(PathOf("photos"));
        inherited.IsInherited.Should().BeTrue();
        inherited.Permissions.Read.Should().Equal(Member);
    }

    [Test]
    public async Task SetPermissionsAsync_DeeperFolderAndExactPath_NearestWins()
    {
        // Pithos test_multiple_inheritance: folder write=*, subfolder read=* → below the subfolder all read, none write.
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "f/a", [1]);
        await WriteAsync(store, "f/sub/b", [2]);
        await WriteAsync(store, "f/secret", [3]);
        await store.SetPermissionsAsync(Owner, PathOf("f"), new ObjectPermissions(null, [ObjectPermissions.Everyone]));
        await store.SetPermissionsAsync(Owner, PathOf("f/sub"), new ObjectPermissions([ObjectPermissions.Everyone], null));
        await store.SetPermissionsAsync(Owner, PathOf("f/secret"), new ObjectPermissions([GroupMember], null));

        (await store.WriteAsync(Member, PathOf("f/a"), new MemoryStream([4]))).Info.ModifiedBy.Should().Be(Member);
        (await store.GetInfoAsync(Member, PathOf("f/sub/b"))).Size.Should().Be(1);
        await AssertCannotWriteAsync(store, Member, PathOf("f/sub/b"));
        Func<Task> secret = async () => await store.GetInfoAsync(Member, PathOf("f/secret"));
        await secret.Should().ThrowAsync<NotAllowedException>();
        (await store.GetInfoAsync(GroupMember, PathOf("f/secret"))).Size.Should().Be(1);
        ObjectPermissionsInfo exact = await store.GetPermissionsAsync(Owner, PathOf("f/secret"));
        exact.Source.Should().Be(PathOf("f/secret"));
        exact.IsInherited.Should().BeFalse();
    }

    [Test]
    public async Task SetPermissionsAsync_WriteEntryOnAFolder_LetsTheMemberCreateObjectsBelowIt()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.SetPermissionsAsync(Owner, PathOf("drop"), new ObjectPermissions(null, [Member]));

        ObjectInfo created = (await store.WriteAsync(Member, PathOf("drop/new.bin"), new MemoryStream([1, 2]))).Info;

        created.ModifiedBy.Should().Be(Member);
        Func<Task> outside = async () => await store.WriteAsync(Member, PathOf("elsewhere"), new MemoryStream([1]));
        await outside.Should().ThrowAsync<NotAllowedException>();
    }

    [Test]
    public async Task SetPermissionsAsync_EmptyLists_RemoveThePathsEntries()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([Member], [Member]));

        await store.SetPermissionsAsync(Owner, PathOf("a"), ObjectPermissions.None);

        (await store.GetPermissionsAsync(Owner, PathOf("a"))).Source.Should().BeNull();
        Func<Task> read = async () => await store.GetInfoAsync(Member, PathOf("a"));
        await read.Should().ThrowAsync<NotAllowedException>();
    }

    [Test]
    public async Task SetPermissionsAsync_ReplacesTheLists()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([Member, "zed"], [GroupMember]));

        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions(["zed", "zed"], null));

        ObjectPermissionsInfo info = await store.GetPermissionsAsync(Owner, PathOf("a"));
        info.Permissions.Read.Should().Equal("zed");
        info.Permissions.Write.Should().BeEmpty();
    }

    [Test]
    public async Task PermissionAndGroupCalls_ByAWriterOrGroupMember_ThrowNotAllowed()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember]);
        await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions(null, [Member, $"{Owner}:team"]));

        foreach (string user in new[] { Member, GroupMember })
        {
            Func<Task> set = async () => await store.SetPermissionsAsync(user, PathOf("a"), new ObjectPermissions([user], [user]));
            Func<Task> get = async () => await store.GetPermissionsAsync(user, PathOf("a"));
            Func<Task> group = async () => await store.SetGroupAsync(user, Owner, "team", [user]);
            Func<Task> groups = async () => await store.GetGroupsAsync(user, Owner);
            Func<Task> deleteGroup = async () => await store.DeleteGroupAsync(user, Owner, "team");

            await set.Should().ThrowAsync<NotAllowedException>();
            await get.Should().ThrowAsync<NotAllowedException>();
            await group.Should().ThrowAsync<NotAllowedException>();
            await groups.Should().ThrowAsync<NotAllowedException>();
            await deleteGroup.Should().ThrowAsync<NotAllowedException>();
        }

        (await store.GetPermissionsAsync(Owner, PathOf("a"))).Permissions.Write.Should().Equal($"{Owner}:team", Member);
    }

    [Test]
    public async Task SetPermissionsAsync_MissingContainer_ThrowsContainerNotFound()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);

        Func<Task> act = async () => await store.SetPermissionsAsync(Owner, PathOf("a"), new ObjectPermissions([Member], null));

        (await act.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Container);
    }

    [Test]
    public async Task Operations_ByANonOwnerOnAMissingContainer_ThrowNotAllowedNotNotFound()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);

        Func<Task> read = async () => await store.GetInfoAsync(Member, PathOf("a"));
        Func<Task> list = async () => await store.ListObjectsAsync(Member, Owner, Container);

        await read.Should().ThrowAsync<NotAllowedException>();
        await list.Should().ThrowAsync<NotAllowedException>();
    }

    [TestCase("bad\u0001user")]
    [TestCase("alice:gr/oup")]
    [TestCase("alice:")]
    [TestCase(":group")]
    [TestCase("")]
    public void ObjectPermissions_InvalidEntry_ThrowsInvalidObjectName(string entry)
    {
        Action act = () => _ = new ObjectPermissions([entry], null);

        act.Should().Throw<InvalidObjectNameException>();
    }

    [Test]
    public async Task SetGroupAsync_ThenGetGroups_ReturnsMembersAndReplacesThem()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember, Member, Member]);
        await store.SetGroupAsync(Owner, Owner, "solo", ["zed"]);

        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember]);

        IReadOnlyDictionary<string, IReadOnlyList<string>> groups = await store.GetGroupsAsync(Owner, Owner);
        groups.Keys.Should().BeEquivalentTo("solo", "team");
        groups["team"].Should().Equal(GroupMember);
        groups["solo"].Should().Equal("zed");
        (await store.DeleteGroupAsync(Owner, Owner, "solo")).Should().BeTrue();
        (await store.DeleteGroupAsync(Owner, Owner, "solo")).Should().BeFalse();
        (await store.GetGroupsAsync(Owner, Owner)).Keys.Should().Equal("team");
    }

    [Test]
    public async Task SetGroupAsync_InvalidArguments_Throw()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> empty = async () => await store.SetGroupAsync(Owner, Owner, "team", []);
        Func<Task> colon = async () => await store.SetGroupAsync(Owner, Owner, "a:b", [Member]);
        Func<Task> member = async () => await store.SetGroupAsync(Owner, Owner, "team", ["bad\nuser"]);
        Func<Task> missing = async () => await store.SetGroupAsync("nobody", "nobody", "team", [Member]);

        await empty.Should().ThrowAsync<ArgumentException>();
        await colon.Should().ThrowAsync<InvalidObjectNameException>();
        await member.Should().ThrowAsync<InvalidObjectNameException>();
        (await missing.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Account);
    }

    private static async Task AssertCannotWriteAsync(IObjectStore store, string user, ObjectPath path)
    {
        var calls = new Dictionary<string, Func<Task>>
        {
            ["Write"] = async () => await store.WriteAsync(user, path, new MemoryStream([1])),
            ["WriteHashmap"] = async () => await store.WriteHashmapAsync(user, path, 0, []),
            ["UpdateMetadata"] = async () => await store.UpdateMetadataAsync(user, path, Domain, new Dictionary<string, string> { ["x"] = "y" }),
            ["Delete"] = async () => await store.DeleteAsync(user, path),
            ["Purge"] = async () => await store.PurgeAsync(user, path, DateTimeOffset.MaxValue),
        };
        foreach ((string name, Func<Task> call) in calls)
        {
            (await call.Should().ThrowAsync<NotAllowedException>(name)).Which.UserId.Should().Be(user, name);
        }
    }

    private static async Task<byte[]> ReadAllAsUserAsync(IObjectStore store, string user, ObjectPath path)
    {
        await using Stream stream = await store.OpenReadAsync(user, path);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
