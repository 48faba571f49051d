using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>Copy and move of a "folder" with a delimiter (spec §9.10).</summary>
public abstract partial class ObjectStoreContractTests
{
    [Test]
    public async Task CopyTreeAsync_FolderWithObjects_CopiesTheTreeOnlyWithNewUuidsAndKeepsTheSources()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo root = await WriteAsync(store, "photos", RandomBytes(21, 5));
        ObjectInfo a = await WriteAsync(store, "photos/a", RandomBytes(22, BlockSize + 1));
        await WriteAsync(store, "photos/b/c", RandomBytes(23, 7));
        await WriteAsync(store, "photosx", RandomBytes(24, 7));
        await WriteAsync(store, "photos-other/d", RandomBytes(25, 7));
        await WriteAsync(store, "photos/gone", RandomBytes(26, 7));
        await store.DeleteAsync(Owner, PathOf("photos/gone"));

        long copied = await store.CopyTreeAsync(Owner, PathOf("photos"), PathOf("backup"));

        copied.Should().Be(3, "the folder object and its two live objects; deleted ones and look-alike names stay");
        ObjectListPage listing = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Prefix = "backup" });
        listing.Entries.Select(e => e.Name).Should().Equal("backup", "backup/a", "backup/b/c");
        (await ReadAllAsync(store, "backup/a")).Should().Equal(RandomBytes(22, BlockSize + 1));
        (await store.GetInfoAsync(Owner, PathOf("backup/a"))).Uuid.Should().NotBe(a.Uuid);
        (await store.GetInfoAsync(Owner, PathOf("photos"))).Uuid.Should().Be(root.Uuid, "the sources stay");
        (await store.GetUsageAsync(Owner, Owner, Container)).Bytes.Should().Be(5 + BlockSize + 1 + 7 + 7 + 7 + 7 + 5 + BlockSize + 1 + 7);
    }

    [Test]
    public async Task MoveTreeAsync_ObjectsWithoutAFolderObject_MovesThemKeepingUuidsAndClearingGrants()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo a = await WriteAsync(store, "dir/a", RandomBytes(27, 10));
        await WriteAsync(store, "dir/sub/b", RandomBytes(28, 10));
        await store.SetPermissionsAsync(Owner, PathOf("dir/a"), new ObjectPermissions(["bob"], []));

        long moved = await store.MoveTreeAsync(Owner, PathOf("dir"), PathOf("moved"));
        Func<Task> oldPath = async () => await store.GetInfoAsync(Owner, PathOf("dir/a"));
        Func<Task> bob = async () => await store.GetInfoAsync("bob", PathOf("moved/a"));

        moved.Should().Be(2);
        (await store.GetInfoAsync(Owner, PathOf("moved/a"))).Uuid.Should().Be(a.Uuid, "a move keeps the uuid");
        (await ReadAllAsync(store, "moved/sub/b")).Should().Equal(RandomBytes(28, 10));
        await oldPath.Should().ThrowAsync<ObjectNotFoundException>();
        await bob.Should().ThrowAsync<NotAllowedException>("the source's permission entries are cleared, as by a delete");
    }

    [Test]
    public async Task CopyTreeAsync_OneSourceNotReadable_CopiesNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "dir/a", RandomBytes(29, 10));
        await WriteAsync(store, "dir/b", RandomBytes(30, 10));
        await store.SetPermissionsAsync(Owner, PathOf("dir/a"), new ObjectPermissions(["bob"], []));
        await store.EnsureAccountAsync("bob", "bob");
        await store.EnsureContainerAsync("bob", "bob", "mine");
        long rows = await CountCatalogueRowsAsync();

        Func<Task> act = async () => await store.CopyTreeAsync("bob", PathOf("dir"), new ObjectPath("bob", "mine", "copy"));

        await act.Should().ThrowAsync<NotAllowedException>("bob may read dir/a but not dir/b");
        (await store.ListObjectsAsync("bob", "bob", "mine")).Entries.Should().BeEmpty("one transaction: all or nothing");
        (await CountCatalogueRowsAsync()).Should().Be(rows);
    }

    [Test]
    public async Task CopyTreeAsync_OverQuota_CopiesNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "dir/a", RandomBytes(31, 100));
        await WriteAsync(store, "dir/b", RandomBytes(32, 100));
        await store.SetContainerQuotaAsync(Owner, Owner, Container, 300);
        long rows = await CountCatalogueRowsAsync();

        Func<Task> act = async () => await store.CopyTreeAsync(Owner, PathOf("dir"), PathOf("copy"));

        await act.Should().ThrowAsync<QuotaExceededException>();
        (await CountCatalogueRowsAsync()).Should().Be(rows);
    }

    [Test]
    public async Task CopyTreeAsync_BadCalls_ThrowTypedErrors()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "dir/a", RandomBytes(33, 10));

        Func<Task> inside = async () => await store.CopyTreeAsync(Owner, PathOf("dir"), PathOf("dir/inner"));
        Func<Task> nothing = async () => await store.MoveTreeAsync(Owner, PathOf("none"), PathOf("other"));
        Func<Task> control = async () => await store.CopyTreeAsync(Owner, PathOf("dir"), PathOf("other"), '\n');
        Func<Task> noContainer = async () => await store.CopyTreeAsync(Owner, new ObjectPath(Owner, "nope", "dir"), PathOf("other"));

        (await inside.Should().ThrowAsync<ArgumentException>()).WithMessage("*inside the tree*");
        await nothing.Should().ThrowAsync<ObjectNotFoundException>();
        await control.Should().ThrowAsync<ArgumentException>();
        (await noContainer.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Container);
    }
}
