using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The <see cref="IObjectStore"/> contract, written once: each implementation gets a small sealed
/// <c>[TestFixture]</c> subclass that says how to make (and reopen) a store.
/// </summary>
/// <remarks>
/// Each test gets a new, empty store whose clock is <see cref="Time"/>; stores are disposed after the test, then
/// <see cref="CleanUpAfterTest"/> runs. Most tests use the smallest block size, so that multi-block objects stay small.
/// </remarks>
public abstract partial class ObjectStoreContractTests
{
    /// <summary>The block size of the stores under test.</summary>
    protected const int BlockSize = HashingConstants.MinBlockSize;

    protected const string Owner = "alice";
    protected const string Stranger = "mallory";
    protected const string Container = "images";
    protected const string Domain = "plankton";

    private readonly List<IObjectStore> _stores = [];

    /// <summary>The last store made, before <see cref="Decorate"/>.</summary>
    private IObjectStore? _lastCreated;

    protected ManualTimeProvider Time { get; private set; } = null!;

    /// <summary>Makes a new, empty store (with a new, empty block store).</summary>
    protected abstract ValueTask<IObjectStore> CreateStoreAsync(TimeProvider time);

    /// <summary>Opens a second store over the storage of the last one made (which may be disposed).</summary>
    protected abstract ValueTask<IObjectStore> ReopenStoreAsync(TimeProvider time);

    /// <summary>Counts the catalogue's object, version and metadata rows (to prove that a failed write left nothing).</summary>
    protected abstract Task<long> CountCatalogueRowsAsync();

    /// <summary>
    /// Wraps each store the suite makes (new or reopened) before the tests use it; the store itself by default. A
    /// subclass in another assembly overrides it to run the whole suite through a decorator (see
    /// Plankton.Core.PublicApi.Tests).
    /// </summary>
    protected virtual IObjectStore Decorate(IObjectStore store) => store;

    /// <summary>Runs after each test, once its stores are disposed.</summary>
    protected virtual void CleanUpAfterTest()
    {
    }

    [SetUp]
    public void StartClock() => Time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [TearDown]
    public void DisposeStoresAndCleanUp()
    {
        try
        {
            foreach (IObjectStore store in _stores)
            {
                (store as IDisposable)?.Dispose();
            }
        }
        finally
        {
            _stores.Clear();
            CleanUpAfterTest();
        }
    }

    // ---- accounts and containers ----------------------------------------------------------------------------

    [Test]
    public async Task EnsureAccountAsync_NewThenExisting_ReturnsTrueThenFalse()
    {
        IObjectStore store = await NewStoreAsync();

        (await store.EnsureAccountAsync(Owner, Owner)).Should().BeTrue();
        (await store.EnsureAccountAsync(Owner, Owner)).Should().BeFalse();
    }

    [Test]
    public async Task EnsureContainerAsync_ExistingWithAnotherPolicy_KeepsItsPolicy()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);

        (await store.EnsureContainerAsync(Owner, Owner, Container, VersioningPolicy.None)).Should().Be(VersioningPolicy.None);
        (await store.EnsureContainerAsync(Owner, Owner, Container, VersioningPolicy.Auto)).Should().Be(VersioningPolicy.None);
    }

    [Test]
    public async Task EnsureContainerAsync_MissingAccount_ThrowsAccountNotFound()
    {
        IObjectStore store = await NewStoreAsync();

        Func<Task> act = async () => await store.EnsureContainerAsync(Owner, Owner, Container);

        (await act.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Account);
    }

    [Test]
    public async Task WriteAsync_MissingContainer_ThrowsContainerNotFoundAndStoresNoBlock()
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);

        Func<Task> act = async () => await store.WriteAsync(Owner, PathOf("a"), new MemoryStream(RandomBytes(1, 5000)));

        var error = (await act.Should().ThrowAsync<ObjectNotFoundException>()).Which;
        error.Kind.Should().Be(ObjectNotFoundKind.Container);
        error.Path.Should().Be($"{Owner}/{Container}");
        (await CountBlocksAsync(store.Blocks)).Should().Be(0);
    }

    // ---- writing and versions -------------------------------------------------------------------------------

    [Test]
    public async Task WriteAsync_NewObject_ReturnsItsVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(1, (2 * BlockSize) + 100);
        Hashmap expected = await PithosStreamHasher.HashAsync(new MemoryStream(data), BlockSize);

        ObjectInfo info = (await store.WriteAsync(Owner, PathOf("dir/disk.img"), new MemoryStream(data), new ObjectWriteOptions { ContentType = "application/x-raw" })).Info;

        info.Path.Should().Be(PathOf("dir/disk.img"));
        info.Size.Should().Be(data.Length);
        info.Hash.Should().Be(expected.TopHash);
        info.BlockSize.Should().Be(BlockSize);
        info.ContentType.Should().Be("application/x-raw");
        info.ModifiedBy.Should().Be(Owner);
        info.Timestamp.Should().Be(Time.GetUtcNow());
        info.Uuid.Should().NotBe(Guid.Empty);
        (await store.GetInfoAsync(Owner, PathOf("dir/disk.img"))).Should().BeEquivalentTo(info);
    }

    [Test]
    public async Task WriteAsync_SameDataUnderAnotherName_ReportsEveryBlockDeduplicated()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(7, (2 * BlockSize) + 100);

        ObjectWriteResult first = await store.WriteAsync(Owner, PathOf("one"), new MemoryStream(data));
        ObjectWriteResult second = await store.WriteAsync(Owner, PathOf("two"), new MemoryStream(data));

        first.Ingest.NewBlocks.Should().Be(3);
        first.Ingest.NewBytes.Should().Be(data.Length);
        first.Ingest.DeduplicatedBlocks.Should().Be(0);
        first.Ingest.TopHash.Should().Be(first.Info.Hash);
        second.Ingest.NewBlocks.Should().Be(0);
        second.Ingest.DeduplicatedBlocks.Should().Be(3);
        second.Ingest.DeduplicatedBytes.Should().Be(data.Length);
        second.Info.Hash.Should().Be(first.Info.Hash);
    }

    [Test]
    public async Task WriteAsync_SecondWrite_MakesNewSerialWithSameUuidAndKeepsTheOldVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] first = RandomBytes(1, 3000);
        byte[] second = RandomBytes(2, 7000);

        ObjectInfo v1 = await WriteAsync(store, "a", first);
        Time.Advance(TimeSpan.FromMinutes(1));
        ObjectInfo v2 = await WriteAsync(store, "a", second);

        v2.Serial.Should().BeGreaterThan(v1.Serial);
        v2.Uuid.Should().Be(v1.Uuid);
        v2.Timestamp.Should().Be(v1.Timestamp + TimeSpan.FromMinutes(1));
        (await store.GetInfoAsync(Owner, PathOf("a"))).Serial.Should().Be(v2.Serial);
        (await store.GetInfoAsync(Owner, PathOf("a"), v1.Serial)).Should().BeEquivalentTo(v1);
        (await ReadAllAsync(store, "a", v1.Serial)).Should().Equal(first);
        (await ReadAllAsync(store, "a")).Should().Equal(second);
    }

    [Test]
    public async Task WriteAsync_DifferentObjects_ShareOneIncreasingSerialSequenceAndGetDistinctUuids()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        ObjectInfo a = await WriteAsync(store, "a", [1]);
        ObjectInfo b = await WriteAsync(store, "b", [2]);
        ObjectInfo a2 = await WriteAsync(store, "a", [3]);

        new[] { a.Serial, b.Serial, a2.Serial }.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        a.Uuid.Should().NotBe(b.Uuid);
    }

    [Test]
    public async Task GetInfoAsync_SerialOfAnotherObject_ThrowsVersionNotFound()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        ObjectInfo b = await WriteAsync(store, "b", [2]);

        Func<Task> act = async () => await store.GetInfoAsync(Owner, PathOf("a"), b.Serial);

        var error = (await act.Should().ThrowAsync<ObjectNotFoundException>()).Which;
        error.Kind.Should().Be(ObjectNotFoundKind.Version);
        error.Version.Should().Be(b.Serial);
    }

    [Test]
    public async Task GetInfoAsync_NeverWritten_ThrowsItemNotFoundWithPath()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> act = async () => await store.GetInfoAsync(Owner, PathOf("nothing/here"));

        var error = (await act.Should().ThrowAsync<ObjectNotFoundException>()).Which;
        error.Kind.Should().Be(ObjectNotFoundKind.Item);
        error.Path.Should().Be($"{Owner}/{Container}/nothing/here");
    }

    [Test]
    public async Task ListVersionsAsync_AfterDataMetadataAndDelete_ListsEveryVersionButTheMarkerOldestFirst()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo v1 = await WriteAsync(store, "a", [1]);
        Time.Advance(TimeSpan.FromSeconds(1));
        ObjectInfo v2 = await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        Time.Advance(TimeSpan.FromSeconds(1));
        ObjectInfo v3 = await WriteAsync(store, "a", [2]);
        await store.DeleteAsync(Owner, PathOf("a"));

        IReadOnlyList<ObjectVersionInfo> versions = await store.ListVersionsAsync(Owner, PathOf("a"));

        versions.Should().Equal(
            new ObjectVersionInfo(v1.Serial, v1.Timestamp, Owner),
            new ObjectVersionInfo(v2.Serial, v2.Timestamp, Owner),
            new ObjectVersionInfo(v3.Serial, v3.Timestamp, Owner));
    }

    [Test]
    public async Task GetInfoByUuidAsync_LatestAndGivenVersion_FindTheObjectAndItsPath()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo v1 = await WriteAsync(store, "x/y", [1]);
        ObjectInfo v2 = await WriteAsync(store, "x/y", [2, 3]);

        (await store.GetInfoByUuidAsync(Owner, v1.Uuid)).Should().BeEquivalentTo(v2);
        (await store.GetInfoByUuidAsync(Owner, v1.Uuid, v1.Serial)).Should().BeEquivalentTo(v1);
    }

    [Test]
    public async Task GetInfoByUuidAsync_UnknownUuid_ThrowsNotFound()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo other = await WriteAsync(store, "a", [1]);

        Func<Task> latest = async () => await store.GetInfoByUuidAsync(Owner, Guid.NewGuid());
        Func<Task> foreignSerial = async () => await store.GetInfoByUuidAsync(Owner, Guid.NewGuid(), other.Serial);

        await latest.Should().ThrowAsync<ObjectNotFoundException>();
        (await foreignSerial.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Version);
    }

    [Test]
    public async Task WriteAsync_ConcurrentWritesToOnePath_EachGetsItsOwnVersionUnderOneUuid()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        const int Writers = 8;

        ObjectInfo[] written = await Task.WhenAll(Enumerable.Range(0, Writers).Select(i =>
            Task.Run(async () => (await store.WriteAsync(Owner, PathOf("hot"), new MemoryStream(RandomBytes(i, 100 + i)))).Info)));

        written.Select(v => v.Serial).Should().OnlyHaveUniqueItems();
        written.Select(v => v.Uuid).Distinct().Should().ContainSingle();
        (await store.ListVersionsAsync(Owner, PathOf("hot"))).Select(v => v.Serial).Should().BeEquivalentTo(written.Select(v => v.Serial));
        (await store.GetInfoAsync(Owner, PathOf("hot"))).Serial.Should().Be(written.Max(v => v.Serial));
    }

    // ---- delete ---------------------------------------------------------------------------------------------

    [Test]
    public async Task DeleteAsync_LiveObject_NoLongerResolvesButOldVersionsStayReadableBySerial()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(3, 5000);
        ObjectInfo v1 = await WriteAsync(store, "a", data);

        long marker = await store.DeleteAsync(Owner, PathOf("a"));

        marker.Should().BeGreaterThan(v1.Serial);
        Func<Task> byPath = async () => await store.GetInfoAsync(Owner, PathOf("a"));
        Func<Task> byUuid = async () => await store.GetInfoByUuidAsync(Owner, v1.Uuid);
        Func<Task> read = async () => await store.OpenReadAsync(Owner, PathOf("a"));
        Func<Task> markerVersion = async () => await store.GetInfoAsync(Owner, PathOf("a"), marker);
        (await byPath.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Item);
        await byUuid.Should().ThrowAsync<ObjectNotFoundException>();
        await read.Should().ThrowAsync<ObjectNotFoundException>();
        (await markerVersion.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Version);
        (await store.GetInfoAsync(Owner, PathOf("a"), v1.Serial)).Should().BeEquivalentTo(v1);
        (await store.GetInfoByUuidAsync(Owner, v1.Uuid, v1.Serial)).Should().BeEquivalentTo(v1);
        (await ReadAllAsync(store, "a", v1.Serial)).Should().Equal(data);
    }

    [Test]
    public async Task DeleteAsync_AlreadyDeletedOrNeverWritten_ThrowsNotFound()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.DeleteAsync(Owner, PathOf("a"));

        Func<Task> again = async () => await store.DeleteAsync(Owner, PathOf("a"));
        Func<Task> never = async () => await store.DeleteAsync(Owner, PathOf("b"));

        await again.Should().ThrowAsync<ObjectNotFoundException>();
        await never.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task WriteAsync_AfterDelete_RecreatesWithNewUuidAndWithoutOldMetadata()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo old = await WriteAsync(store, "a", [1]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        await store.DeleteAsync(Owner, PathOf("a"));

        ObjectInfo recreated = await WriteAsync(store, "a", [2]);

        recreated.Uuid.Should().NotBe(old.Uuid);
        (await store.GetInfoByUuidAsync(Owner, recreated.Uuid)).Serial.Should().Be(recreated.Serial);
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().BeEmpty();
    }

    // ---- reading ranges -------------------------------------------------------------------------------------

    [TestCase(0, null)]
    [TestCase(0, 1)]
    [TestCase(BlockSize - 1, 2)]
    [TestCase(BlockSize, BlockSize)]
    [TestCase(100, (2 * BlockSize) + 5)]
    [TestCase((3 * BlockSize) + 100, null)]
    [TestCase((3 * BlockSize) + 123, null)]
    [TestCase(5, 0)]
    [TestCase(BlockSize + 7, 1_000_000)]
    public async Task OpenReadAsync_Range_ReturnsExactlyThoseBytes(int offset, int? length)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(4, (3 * BlockSize) + 123);
        await WriteAsync(store, "a", data);

        byte[] read = await ReadAllAsync(store, "a", offset: offset, length: length);

        int expectedLength = (int)Math.Min(length ?? int.MaxValue, data.Length - offset);
        read.Should().Equal(data.AsSpan(offset, expectedLength).ToArray());
    }

    [Test]
    public async Task OpenReadAsync_SizeAnExactMultipleOfTheBlockSize_ReadsWhole()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(5, 2 * BlockSize);
        await WriteAsync(store, "a", data);

        (await ReadAllAsync(store, "a")).Should().Equal(data);
    }

    [Test]
    public async Task OpenReadAsync_SparseZeroBlocksAndTrailingZeros_ReadAsZeros()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = new byte[(4 * BlockSize) + 10];
        RandomBytes(6, 300).CopyTo(data, BlockSize + 5);
        ObjectInfo info = await WriteAsync(store, "sparse", data);

        (await ReadAllAsync(store, "sparse")).Should().Equal(data);
        (await ReadAllAsync(store, "sparse", offset: BlockSize, length: 2 * BlockSize)).Should().Equal(data.AsSpan(BlockSize, 2 * BlockSize).ToArray());
        info.Size.Should().Be(data.Length);
    }

    [Test]
    public async Task OpenReadAsync_EmptyObject_ReadsNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo info = await WriteAsync(store, "empty", []);

        info.Size.Should().Be(0);
        info.Hash.Should().Be(BlockHash.Empty);
        await using Stream stream = await store.OpenReadAsync(Owner, PathOf("empty"));
        stream.Length.Should().Be(0);
        (await ReadAllAsync(store, "empty")).Should().BeEmpty();
    }

    [Test]
    public async Task OpenReadAsync_OffsetBeyondEndOrNegativeLength_ThrowsArgumentOutOfRange()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1, 2, 3]);

        Func<Task> beyond = async () => await store.OpenReadAsync(Owner, PathOf("a"), offset: 4);
        Func<Task> negative = async () => await store.OpenReadAsync(Owner, PathOf("a"), length: -1);

        await beyond.Should().ThrowAsync<ArgumentOutOfRangeException>();
        await negative.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task OpenReadAsync_SeekThenRead_ReadsFromThePosition()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(7, (2 * BlockSize) + 50);
        await WriteAsync(store, "a", data);
        await using Stream stream = await store.OpenReadAsync(Owner, PathOf("a"));

        stream.Seek(BlockSize + 10, SeekOrigin.Begin);
        byte[] buffer = new byte[20];
        await stream.ReadExactlyAsync(buffer);

        buffer.Should().Equal(data.AsSpan(BlockSize + 10, 20).ToArray());
        stream.CanWrite.Should().BeFalse();
    }

    // ---- writing by hashmap ---------------------------------------------------------------------------------

    [Test]
    public async Task WriteHashmapAsync_SomeBlocksMissing_ListsExactlyThoseAndWritesNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(8, (3 * BlockSize) + 10);
        HashedBlock[] blocks = Cut(data);
        await store.Blocks.PutAsync(blocks[1]);
        long rowsBefore = await CountCatalogueRowsAsync();
        BlockHash[] hashes = [.. blocks.Select(b => b.Hash)];

        Func<Task> act = async () => await store.WriteHashmapAsync(Owner, PathOf("a"), data.Length, hashes);

        var error = (await act.Should().ThrowAsync<MissingBlocksException>()).Which;
        error.MissingBlocks.Should().Equal(blocks[0].Hash, blocks[2].Hash, blocks[3].Hash);
        error.Path.Should().Be($"{Owner}/{Container}/a");
        (await CountCatalogueRowsAsync()).Should().Be(rowsBefore);
        Func<Task> lookUp = async () => await store.ListVersionsAsync(Owner, PathOf("a"));
        await lookUp.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task WriteHashmapAsync_AfterTheMissingBlocksArePut_WritesAnObjectThatReadsBack()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(9, (2 * BlockSize) + 77);
        HashedBlock[] blocks = Cut(data);
        BlockHash[] hashes = [.. blocks.Select(b => b.Hash)];
        Func<Task> first = async () => await store.WriteHashmapAsync(Owner, PathOf("a"), data.Length, hashes);
        var missing = (await first.Should().ThrowAsync<MissingBlocksException>()).Which.MissingBlocks;

        foreach (HashedBlock block in blocks.Where(b => missing.Contains(b.Hash)))
        {
            await store.Blocks.PutAsync(block);
        }

        ObjectInfo info = await store.WriteHashmapAsync(Owner, PathOf("a"), data.Length, hashes, new ObjectWriteOptions { ContentType = "text/plain" });

        info.Size.Should().Be(data.Length);
        info.Hash.Should().Be(PithosHash.ComputeTopHash(hashes));
        info.ContentType.Should().Be("text/plain");
        (await ReadAllAsync(store, "a")).Should().Equal(data);
    }

    [Test]
    public async Task WriteHashmapAsync_HashesOfAStreamWrite_DeduplicatesToTheSameHash()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(10, (2 * BlockSize) + 1);
        ObjectInfo original = await WriteAsync(store, "a", data);
        BlockHash[] hashes = [.. Cut(data).Select(b => b.Hash)];

        ObjectInfo copy = await store.WriteHashmapAsync(Owner, PathOf("b"), data.Length, hashes);

        copy.Hash.Should().Be(original.Hash);
        (await ReadAllAsync(store, "b")).Should().Equal(data);
    }

    [TestCase(1, 0)]
    [TestCase(BlockSize, 2)]
    [TestCase(BlockSize + 1, 1)]
    [TestCase(BlockSize + 1, 3)]
    [TestCase(0, 2)]
    public async Task WriteHashmapAsync_SizeDisagreesWithHashCount_ThrowsArgumentException(long size, int count)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        BlockHash[] hashes = [.. Enumerable.Repeat(BlockHash.Empty, count)];

        Func<Task> act = async () => await store.WriteHashmapAsync(Owner, PathOf("a"), size, hashes);

        await act.Should().ThrowAsync<ArgumentException>();
        (await CountCatalogueRowsAsync()).Should().Be(0);
    }

    [Test]
    public async Task WriteHashmapAsync_SizeZeroWithNoHashes_WritesTheEmptyObject()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        ObjectInfo info = await store.WriteHashmapAsync(Owner, PathOf("empty"), 0, []);

        info.Size.Should().Be(0);
        info.Hash.Should().Be(BlockHash.Empty);
        (await ReadAllAsync(store, "empty")).Should().BeEmpty();
    }

    [Test]
    public async Task WriteHashmapAsync_AllZeroBlocks_NeedsNoUpload()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        ObjectInfo info = await store.WriteHashmapAsync(Owner, PathOf("zeros"), (2 * BlockSize) + 3, [BlockHash.Empty, BlockHash.Empty, BlockHash.Empty]);

        (await ReadAllAsync(store, "zeros")).Should().Equal(new byte[info.Size]);
    }

    // ---- failures leave nothing -----------------------------------------------------------------------------

    [Test]
    public async Task WriteAsync_SourceFailsMidway_LeavesNoVersionOrObjectRow()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        long rowsBefore = await CountCatalogueRowsAsync();

        Func<Task> act = async () => await store.WriteAsync(Owner, PathOf("b"), new FaultyStream(failAfter: (2 * BlockSize) + 5, length: 10 * BlockSize));

        await act.Should().ThrowAsync<IOException>();
        (await CountCatalogueRowsAsync()).Should().Be(rowsBefore);
        Func<Task> lookUp = async () => await store.GetInfoAsync(Owner, PathOf("b"));
        await lookUp.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task WriteAsync_Cancelled_LeavesNoVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        using var cts = new CancellationTokenSource();

        Func<Task> act = async () => await store.WriteAsync(
            Owner, PathOf("b"), new FaultyStream(failAfter: BlockSize, length: 10 * BlockSize, cts), cancellationToken: cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await CountCatalogueRowsAsync()).Should().Be(0);
    }

    // ---- metadata -------------------------------------------------------------------------------------------

    [Test]
    public async Task UpdateMetadataAsync_Merge_UpsertsKeysAndEmptyValueDeletes()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo data = await WriteAsync(store, "a", [1]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["name"] = "debian", ["os"] = "linux", ["gone"] = "x" });

        ObjectInfo v = await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["name"] = "debian 12 (bookworm)", ["gone"] = "", ["new"] = "1" });

        v.Uuid.Should().Be(data.Uuid);
        v.Hash.Should().Be(data.Hash);
        v.Serial.Should().BeGreaterThan(data.Serial);
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().Equal(
            new Dictionary<string, string> { ["name"] = "debian 12 (bookworm)", ["new"] = "1", ["os"] = "linux" });
    }

    [Test]
    public async Task UpdateMetadataAsync_Replace_DropsTheDomainsOtherKeysOnly()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        await store.UpdateMetadataAsync(Owner, PathOf("a"), "pithos", new Dictionary<string, string> { ["a"] = "other" });

        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["c"] = "3", ["d"] = "" }, replace: true);

        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().Equal(new Dictionary<string, string> { ["c"] = "3" });
        (await store.GetMetadataAsync(Owner, PathOf("a"), "pithos")).Should().Equal(new Dictionary<string, string> { ["a"] = "other" });
    }

    [Test]
    public async Task GetMetadataAsync_OtherDomain_SeesNoneOfTheKeys()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });

        (await store.GetMetadataAsync(Owner, PathOf("a"), "pithos")).Should().BeEmpty();
    }

    [Test]
    public async Task WriteAsync_ExistingObjectWithMetadata_CarriesItForwardAndOldVersionsKeepTheirs()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        ObjectInfo v2 = await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "1" });
        ObjectInfo v3 = await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "2" });

        ObjectInfo v4 = (await store.WriteAsync(Owner, PathOf("a"), new MemoryStream([9, 9]), new ObjectWriteOptions
        {
            MetadataDomain = Domain,
            Metadata = new Dictionary<string, string> { ["extra"] = "x" },
        })).Info;

        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().Equal(new Dictionary<string, string> { ["extra"] = "x", ["k"] = "2" });
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain, v2.Serial)).Should().Equal(new Dictionary<string, string> { ["k"] = "1" });
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain, v3.Serial)).Should().Equal(new Dictionary<string, string> { ["k"] = "2" });
        v4.Size.Should().Be(2);
    }

    [Test]
    public async Task UpdateMetadataAsync_DeletedObject_ThrowsNotFound()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await store.DeleteAsync(Owner, PathOf("a"));

        Func<Task> act = async () => await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });

        await act.Should().ThrowAsync<ObjectNotFoundException>();
    }

    // ---- versioning policy and purge ------------------------------------------------------------------------

    [Test]
    public async Task WriteAsync_VersioningNone_KeepsOnlyTheLatestVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync(VersioningPolicy.None);
        ObjectInfo v1 = await WriteAsync(store, "a", [1]);
        ObjectInfo v2 = await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        ObjectInfo v3 = await WriteAsync(store, "a", [2]);

        (await store.ListVersionsAsync(Owner, PathOf("a"))).Select(v => v.Serial).Should().Equal(v3.Serial);
        Func<Task> old = async () => await store.GetInfoAsync(Owner, PathOf("a"), v1.Serial);
        (await old.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Version);
        v3.Uuid.Should().Be(v1.Uuid);
        (await store.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().Equal(new Dictionary<string, string> { ["k"] = "v" });
        v2.Serial.Should().BeLessThan(v3.Serial);
    }

    [Test]
    public async Task DeleteAsync_VersioningNone_LeavesNoReadableVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync(VersioningPolicy.None);
        ObjectInfo v1 = await WriteAsync(store, "a", [1]);

        await store.DeleteAsync(Owner, PathOf("a"));

        (await store.ListVersionsAsync(Owner, PathOf("a"))).Should().BeEmpty();
        Func<Task> old = async () => await store.GetInfoAsync(Owner, PathOf("a"), v1.Serial);
        await old.Should().ThrowAsync<ObjectNotFoundException>();
    }

    [Test]
    public async Task WriteAsync_VersioningAuto_KeepsEveryVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync(VersioningPolicy.Auto);
        await WriteAsync(store, "a", [1]);
        await WriteAsync(store, "a", [2]);
        await WriteAsync(store, "a", [3]);

        (await store.ListVersionsAsync(Owner, PathOf("a"))).Should().HaveCount(3);
    }

    [Test]
    public async Task PurgeAsync_UpToATime_RemovesOlderHistoryAndKeepsNewerAndLive()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo v1 = await WriteAsync(store, "a", [1]);
        Time.Advance(TimeSpan.FromHours(1));
        ObjectInfo v2 = await WriteAsync(store, "a", [2]);
        Time.Advance(TimeSpan.FromHours(1));
        ObjectInfo v3 = await WriteAsync(store, "a", [3]);
        Time.Advance(TimeSpan.FromHours(1));
        ObjectInfo v4 = await WriteAsync(store, "a", [4]);

        int removed = await store.PurgeAsync(Owner, PathOf("a"), v2.Timestamp);

        removed.Should().Be(2);
        (await store.ListVersionsAsync(Owner, PathOf("a"))).Select(v => v.Serial).Should().Equal(v3.Serial, v4.Serial);
        Func<Task> purged = async () => await store.GetInfoAsync(Owner, PathOf("a"), v1.Serial);
        await purged.Should().ThrowAsync<ObjectNotFoundException>();
        (await store.PurgeAsync(Owner, PathOf("a"), Time.GetUtcNow())).Should().Be(1);
        (await store.GetInfoAsync(Owner, PathOf("a"))).Serial.Should().Be(v4.Serial);
    }

    [Test]
    public async Task PurgeAsync_DeletedObjectEntirely_FreesThePath()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        await WriteAsync(store, "a", [2]);
        await store.DeleteAsync(Owner, PathOf("a"));

        int removed = await store.PurgeAsync(Owner, PathOf("a"), Time.GetUtcNow());

        removed.Should().Be(3);
        (await CountCatalogueRowsAsync()).Should().Be(0);
        Func<Task> list = async () => await store.ListVersionsAsync(Owner, PathOf("a"));
        await list.Should().ThrowAsync<ObjectNotFoundException>();
        (await WriteAsync(store, "a", [3])).Size.Should().Be(1);
    }

    // ---- access and names -----------------------------------------------------------------------------------

    [Test]
    public async Task EveryOperation_ByAStranger_ThrowsNotAllowed()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectInfo info = await WriteAsync(store, "a", [1]);
        ObjectPath path = PathOf("a");
        var metadata = new Dictionary<string, string> { ["k"] = "v" };
        var calls = new Dictionary<string, Func<Task>>
        {
            ["EnsureAccount"] = async () => await store.EnsureAccountAsync(Stranger, Owner),
            ["EnsureContainer"] = async () => await store.EnsureContainerAsync(Stranger, Owner, "other"),
            ["Write"] = async () => await store.WriteAsync(Stranger, path, new MemoryStream([1])),
            ["WriteHashmap"] = async () => await store.WriteHashmapAsync(Stranger, path, 0, []),
            ["OpenRead"] = async () => await store.OpenReadAsync(Stranger, path),
            ["GetInfo"] = async () => await store.GetInfoAsync(Stranger, path),
            ["GetInfoByUuid"] = async () => await store.GetInfoByUuidAsync(Stranger, info.Uuid),
            ["ListVersions"] = async () => await store.ListVersionsAsync(Stranger, path),
            ["Delete"] = async () => await store.DeleteAsync(Stranger, path),
            ["Purge"] = async () => await store.PurgeAsync(Stranger, path, Time.GetUtcNow()),
            ["GetMetadata"] = async () => await store.GetMetadataAsync(Stranger, path, Domain),
            ["UpdateMetadata"] = async () => await store.UpdateMetadataAsync(Stranger, path, Domain, metadata),
            ["SetPermissions"] = async () => await store.SetPermissionsAsync(Stranger, path, new ObjectPermissions([Stranger], null)),
            ["GetPermissions"] = async () => await store.GetPermissionsAsync(Stranger, path),
            ["SetGroup"] = async () => await store.SetGroupAsync(Stranger, Owner, "friends", [Stranger]),
            ["GetGroups"] = async () => await store.GetGroupsAsync(Stranger, Owner),
            ["DeleteGroup"] = async () => await store.DeleteGroupAsync(Stranger, Owner, "friends"),
        };

        foreach ((string name, Func<Task> call) in calls)
        {
            var error = (await call.Should().ThrowAsync<NotAllowedException>(name)).Which;
            error.UserId.Should().Be(Stranger, name);
        }

        (await store.ListVersionsAsync(Owner, path)).Should().ContainSingle();
    }

    [TestCase("", "c", "n")]
    [TestCase("a/b", "c", "n")]
    [TestCase("a", "", "n")]
    [TestCase("a", "c/d", "n")]
    [TestCase("a", "c", "")]
    [TestCase("a", "c", "/n")]
    [TestCase("a", "c", "n/")]
    [TestCase("a", "c", "x//y")]
    [TestCase("a", "c", "x/../y")]
    [TestCase("a", "c", "tab\there")]
    [TestCase("a\0", "c", "n")]
    [TestCase("a", "c\n", "n")]
    public void ObjectPath_InvalidPart_ThrowsInvalidObjectName(string account, string container, string name)
    {
        Action act = () => _ = new ObjectPath(account, container, name);

        act.Should().Throw<InvalidObjectNameException>().Which.Reason.Should().NotBeNullOrEmpty();
    }

    [Test]
    public void ObjectPath_TooLongParts_ThrowInvalidObjectName()
    {
        Action account = () => _ = new ObjectPath(new string('a', ObjectStoreConstants.MaxAccountLength + 1), "c", "n");
        Action name = () => _ = new ObjectPath("a", "c", new string('n', ObjectStoreConstants.MaxObjectNameLength + 1));

        account.Should().Throw<InvalidObjectNameException>();
        name.Should().Throw<InvalidObjectNameException>();
        new ObjectPath("a", "c", new string('n', ObjectStoreConstants.MaxObjectNameLength)).Name.Should().HaveLength(ObjectStoreConstants.MaxObjectNameLength);
    }

    [Test]
    public async Task Operations_InvalidUserDomainOrMetadata_ThrowInvalidObjectNameAndWriteNothing()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteAsync(store, "a", [1]);
        long rowsBefore = await CountCatalogueRowsAsync();

        Func<Task> user = async () => await store.GetInfoAsync("bad\u0001user", PathOf("a"));
        Func<Task> domain = async () => await store.UpdateMetadataAsync(Owner, PathOf("a"), "", new Dictionary<string, string> { ["k"] = "v" });
        Func<Task> key = async () => await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k\n"] = "v" });
        Func<Task> value = async () => await store.UpdateMetadataAsync(
            Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = new string('v', ObjectStoreConstants.MaxMetadataValueLength + 1) });
        Func<Task> account = async () => await store.EnsureAccountAsync("x/y", "x/y");

        await user.Should().ThrowAsync<InvalidObjectNameException>();
        await domain.Should().ThrowAsync<InvalidObjectNameException>();
        await key.Should().ThrowAsync<InvalidObjectNameException>();
        await value.Should().ThrowAsync<InvalidObjectNameException>();
        await account.Should().ThrowAsync<InvalidObjectNameException>();
        (await CountCatalogueRowsAsync()).Should().Be(rowsBefore);
    }

    // ---- durability -----------------------------------------------------------------------------------------

    [Test]
    public async Task ReopenStoreAsync_AfterDispose_KeepsObjectsVersionsAndMetadata()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(11, (2 * BlockSize) + 9);
        ObjectInfo v1 = await WriteAsync(store, "a", [1]);
        ObjectInfo v2 = await WriteAsync(store, "a", data);
        await store.UpdateMetadataAsync(Owner, PathOf("a"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        (store as IDisposable)?.Dispose();

        IObjectStore reopened = Track(Decorate(await ReopenStoreAsync(Time)));

        (await reopened.GetInfoByUuidAsync(Owner, v1.Uuid)).Size.Should().Be(data.Length);
        (await ReadAllAsync(reopened, "a")).Should().Equal(data);
        (await ReadAllAsync(reopened, "a", v1.Serial)).Should().Equal([1]);
        (await reopened.GetMetadataAsync(Owner, PathOf("a"), Domain)).Should().Equal(new Dictionary<string, string> { ["k"] = "v" });
        ObjectInfo v4 = await WriteAsync(reopened, "a", [7]);
        v4.Serial.Should().BeGreaterThan(v2.Serial + 1);
        (await reopened.EnsureContainerAsync(Owner, Owner, Container)).Should().Be(VersioningPolicy.Auto);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    protected static ObjectPath PathOf(string name) => new(Owner, Container, name);

    protected static byte[] RandomBytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected async Task<IObjectStore> NewStoreAsync()
    {
        _lastCreated = await CreateStoreAsync(Time);
        return Track(Decorate(_lastCreated));
    }

    protected async Task<IObjectStore> NewStoreWithContainerAsync(VersioningPolicy policy = VersioningPolicy.Auto)
    {
        IObjectStore store = await NewStoreAsync();
        await store.EnsureAccountAsync(Owner, Owner);
        await store.EnsureContainerAsync(Owner, Owner, Container, policy);
        return store;
    }

    protected IObjectStore Track(IObjectStore store)
    {
        _stores.Add(store);
        return store;
    }

    private static async Task<ObjectInfo> WriteAsync(IObjectStore store, string name, byte[] data) =>
        (await store.WriteAsync(Owner, PathOf(name), new MemoryStream(data))).Info;

    private static async Task<byte[]> ReadAllAsync(IObjectStore store, string name, long? version = null, long offset = 0, long? length = null)
    {
        await using Stream stream = await store.OpenReadAsync(Owner, PathOf(name), version, offset, length);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static HashedBlock[] Cut(byte[] data) =>
        [.. data.Chunk(BlockSize).Select(chunk => HashedBlock.Create(chunk))];

    private static async Task<int> CountBlocksAsync(IBlockStore blocks)
    {
        int count = 0;
        await foreach (BlockHash _ in blocks.EnumerateAsync())
        {
            count++;
        }

        return count;
    }
}
