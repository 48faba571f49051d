using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>Copy and move without block copies; account and container quotas.</summary>
public abstract partial class ObjectStoreContractTests
{
    [Test]
    public async Task CopyAsync_Object_SharesBlocksCarriesMetadataAndGetsANewUuid()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(21, (2 * BlockSize) + 5);
        ObjectInfo original = await WriteAsync(store, "a", data);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        int blocksBefore = await CountBlocksAsync(store.Blocks);

        ObjectInfo copy = await store.CopyAsync(Owner, PathOf("a"), PathOf("b/copy"));

        copy.Path.Should().Be(PathOf("b/copy"));
        copy.Uuid.Should().NotBe(original.Uuid);
        copy.Hash.Should().Be(original.Hash);
        copy.Size.Should().Be(data.Length);
        (await ReadAllAsync(store, "b/copy")).Should().Equal(data);
        (await store.GetMetadataAsync(Owner, PathOf("b/copy"), Domain)).Should().Equal(new Dictionary<string, string> { ["k"] = "v" });
        (await store.GetInfoAsync(Owner, PathOf("a"))).Uuid.Should().Be(original.Uuid);
        (await CountBlocksAsync(store.Blocks)).Should().Be(blocksBefore);
    }

    [Test]
    public async Task CopyAsync_OlderVersion_CopiesThatVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo v1 = await WriteAsync(store, "a", [1, 2]);
        await WriteAsync(store, "a", [3]);

        ObjectInfo copy = await store.CopyAsync(Owner, PathOf("a"), PathOf("old"), new ObjectCopyOptions { Version = v1.Serial });

        copy.Hash.Should().Be(v1.Hash);
        (await ReadAllAsync(store, "old")).Should().Equal(1, 2);
    }

    [Test]
    public async Task CopyAsync_ReplacingADomain_WritesOneVersionWithTheNewKeysAndCarriesTheOtherDomains()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo v1 = await WriteAsync(store, "a", [1, 2]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["name"] = "source", ["kept"] = "no" });
        ObjectInfo source = await store.UpdateMetadataAsync(Owner, PathOf("a"), "other", new Dictionary<string, string> { ["o"] = "1" });
        await WriteAsync(store, "a", [3]);

        ObjectInfo copy = await store.CopyAsync(Owner, PathOf("a"), PathOf("b"), new ObjectCopyOptions
        {
            Version = source.Serial,
            MetadataDomain = Domain,
            Metadata = new Dictionary<string, string> { ["name"] = "copy", ["dropped"] = string.Empty },
            ReplaceMetadata = true,
        });

        copy.Uuid.Should().NotBe(v1.Uuid);
        copy.Hash.Should().Be(v1.Hash);
        (await ReadAllAsync(store, "b")).Should().Equal(1, 2);
        (await store.ListVersionsAsync(Owner, PathOf("b"))).Should().ContainSingle("the copy and its metadata are one version")
            .Which.Serial.Should().Be(copy.Serial);
        (await store.GetMetadataAsync(Owner, PathOf("b"), Domain)).Should().Equal(new Dictionary<string, string> { ["name"] = "copy" });
        (await store.GetMetadataAsync(Owner, PathOf("b"), "other")).Should().Equal(new Dictionary<string, string> { ["o"] = "1" });
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain, source.Serial)).Should().Equal(new Dictionary<string, string> { ["kept"] = "no", ["name"] = "source" });
    }

    [Test]
    public async Task CopyAsync_MergingADomain_UpsertsAndDeletesKeysOfTheCopyOnly()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2", ["change"] = "3" });

        await store.CopyAsync(Owner, PathOf("a"), PathOf("b"), new ObjectCopyOptions
        {
            MetadataDomain = Domain,
            Metadata = new Dictionary<string, string> { ["drop"] = string.Empty, ["change"] = "4", ["new"] = "5" },
        });

        (await store.GetMetadataAsync(Owner, PathOf("b"), Domain)).Should().Equal(new Dictionary<string, string> { ["change"] = "4", ["keep"] = "1", ["new"] = "5" });
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().Equal(new Dictionary<string, string> { ["change"] = "3", ["drop"] = "2", ["keep"] = "1" });
    }

    [Test]
    public async Task CopyAsync_WithMetadataOverQuota_WritesNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", new byte[60]);
        await store.SetContainerQuotaAsync(Owner, Owner, Container, 100);
        long rows = await CountCatalogueRowsAsync();

        Func<Task> copy = async () => await store.CopyAsync(Owner, PathOf("a"), PathOf("b"), new ObjectCopyOptions
        {
            MetadataDomain = Domain,
            Metadata = new Dictionary<string, string> { ["name"] = "copy" },
            ReplaceMetadata = true,
        });

        await copy.Should().ThrowAsync<QuotaExceededException>();
        (await CountCatalogueRowsAsync()).Should().Be(rows, "neither the copy nor its metadata was written");
        Func<Task> read = async () => await store.GetInfoAsync(Owner, PathOf("b"));
        await read.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task MoveAsync_Object_KeepsUuidAndDeletesTheSource()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo original = await WriteAsync(store, "a", [1, 2, 3]);
        int blocksBefore = await CountBlocksAsync(store.Blocks);

        ObjectInfo moved = await store.MoveAsync(Owner, PathOf("a"), PathOf("dir/b"));

        moved.Uuid.Should().Be(original.Uuid);
        (await store.GetInfoByUuidAsync(Owner, original.Uuid)).Path.Should().Be(PathOf("dir/b"));
        (await ReadAllAsync(store, "dir/b")).Should().Equal(1, 2, 3);
        Func<Task> source = async () => await store.GetInfoAsync(Owner, PathOf("a"));
        await source.Should().ThrowAsync<ObjectNotFoundException>();
        (await ReadAllAsync(store, "a", original.Serial)).Should().Equal(1, 2, 3);
        (await CountBlocksAsync(store.Blocks)).Should().Be(blocksBefore);
    }

    [Test]
    public async Task CopyAndMove_WithoutAccess_ThrowNotAllowed()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "readable", [1]);
        await store.SetPermissionsAsync(Owner, PathOf("readable"), new ObjectPermissions([Member], null));
        await store.SetPermissionsAsync(Owner, PathOf("drop"), new ObjectPermissions(null, [Member]));

        (await store.CopyAsync(Member, PathOf("readable"), PathOf("drop/mine"))).ModifiedBy.Should().Be(Member);
        Func<Task> move = async () => await store.MoveAsync(Member, PathOf("readable"), PathOf("drop/moved"));
        Func<Task> copyOutside = async () => await store.CopyAsync(Member, PathOf("readable"), PathOf("elsewhere"));
        Func<Task> stranger = async () => await store.CopyAsync(Stranger, PathOf("readable"), PathOf("drop/x"));
        Func<Task> same = async () => await store.CopyAsync(Owner, PathOf("readable"), PathOf("readable"));

        await move.Should().ThrowAsync<NotAllowedException>();
        await copyOutside.Should().ThrowAsync<NotAllowedException>();
        await stranger.Should().ThrowAsync<NotAllowedException>();
        await same.Should().ThrowAsync<ArgumentException>();
    }

    [Test]
    public async Task WriteAsync_OverContainerQuota_ThrowsQuotaExceededAndCommitsNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.SetContainerQuotaAsync(Owner, Owner, Container, 100);
        await WriteAsync(store, "a", new byte[60]);
        long rowsBefore = await CountCatalogueRowsAsync();

        Func<Task> act = async () => await WriteAsync(store, "b", new byte[41]);

        var error = (await act.Should().ThrowAsync<QuotaExceededException>()).Which;
        error.Scope.Should().Be($"{Owner}/{Container}");
        error.Quota.Should().Be(100);
        error.Usage.Should().Be(101);
        (await CountCatalogueRowsAsync()).Should().Be(rowsBefore);
        (await WriteAsync(store, "b", new byte[40])).Size.Should().Be(40);
    }

    [Test]
    public async Task WriteHashmapAsync_OverAccountQuota_ThrowsQuotaExceeded()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.EnsureContainerAsync(Owner, Owner, "second");
        await store.SetAccountQuotaAsync(Owner, Owner, BlockSize);
        await WriteAsync(store, "a", new byte[BlockSize - 10]);
        HashedBlock block = HashedBlock.Create(RandomBytes(3, 20));
        await store.Blocks.PutAsync(block);

        Func<Task> act = async () => await store.WriteHashmapAsync(Owner, new ObjectPath(Owner, "second", "b"), 20, [block.Hash]);

        (await act.Should().ThrowAsync<QuotaExceededException>()).Which.Scope.Should().Be(Owner);
    }

    [Test]
    public async Task Quota_VersionsCountAndPurgeOrVersioningNoneFreeSpace()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.EnsureContainerAsync(Owner, Owner, "flat", VersioningPolicy.None);
        await store.SetContainerQuotaAsync(Owner, Owner, Container, 100);
        await store.SetContainerQuotaAsync(Owner, Owner, "flat", 100);
        await WriteAsync(store, "a", new byte[60]);
        Func<Task> second = async () => await WriteAsync(store, "a", new byte[60]);
        await second.Should().ThrowAsync<QuotaExceededException>("history counts with versioning auto");

        Time.Advance(TimeSpan.FromMinutes(1));
        await store.DeleteAsync(Owner, PathOf("a"));
        await store.PurgeAsync(Owner, PathOf("a"), Time.GetUtcNow());
        (await WriteAsync(store, "a", new byte[100])).Size.Should().Be(100);

        ObjectPath flat = new(Owner, "flat", "a");
        await store.WriteAsync(Owner, flat, new MemoryStream(new byte[60]));
        (await store.WriteAsync(Owner, flat, new MemoryStream(new byte[90]))).Info.Size.Should().Be(90, "versioning none frees the previous version");
    }

    [Test]
    public async Task CopyAsync_OverQuota_ThrowsQuotaExceeded_AndQuotaCanBeRemoved()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", new byte[60]);
        await store.SetContainerQuotaAsync(Owner, Owner, Container, 100);

        Func<Task> copy = async () => await store.CopyAsync(Owner, PathOf("a"), PathOf("b"));
        await copy.Should().ThrowAsync<QuotaExceededException>();
        Func<Task> missing = async () => await store.GetInfoAsync(Owner, PathOf("b"));
        await missing.Should().ThrowAsync<ObjectNotFoundException>();

        await store.SetContainerQuotaAsync(Owner, Owner, Container, null);
        (await store.CopyAsync(Owner, PathOf("a"), PathOf("b"))).Size.Should().Be(60);
    }

    [Test]
    public async Task SetQuotaAsync_InvalidCalls_Throw()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> negative = async () => await store.SetAccountQuotaAsync(Owner, Owner, -1);
        Func<Task> stranger = async () => await store.SetContainerQuotaAsync(Stranger, Owner, Container, 1);
        Func<Task> missing = async () => await store.SetContainerQuotaAsync(Owner, Owner, "nope", 1);

        await negative.Should().ThrowAsync<ArgumentOutOfRangeException>();
        await stranger.Should().ThrowAsync<NotAllowedException>();
        (await missing.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Container);
    }
}
