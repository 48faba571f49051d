using System.Globalization;
using BenchmarkDotNet.Attributes;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Catalogue look-ups on the SQLite object store with 1,000 and 100,000 objects in one container: by uuid, by
/// path, one page of 100 objects filtered by a metadata attribute (one object in ten matches), by a selective range
/// and by a rare key, one page sorted by size, and the pages that no index serves or that exclude a common value
/// (a filter nothing matches, which ends at the scan window; <c>!=</c> a value nearly every object holds; history
/// with a rare key). The catalogue is built once per size under the benchmark folder and reused by later runs.
/// </summary>
[MemoryDiagnoser]
public class ObjectStoreBenchmarks
{
    private const string Account = "bench";
    private const string Container = "images";
    private const string Domain = "plankton";

    private static readonly ListObjectsOptions s_filteredPage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("os = linux 3")],
        Limit = 100,
    };

    /// <summary>A selective range: the names from 'image 999' on (1 object of 1,000; 111 of 100,000).</summary>
    private static readonly ListObjectsOptions s_rangePage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("name >= image 999")],
        Limit = 100,
    };

    /// <summary>A selective existence test: the key 'rare', which 1 object in 1,000 has.</summary>
    private static readonly ListObjectsOptions s_existsPage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("rare")],
        Limit = 100,
    };

    /// <summary>Largest first (every object has the same size: the order is the names', through the descending size index).</summary>
    private static readonly ListObjectsOptions s_sizeSortedPage = new()
    {
        Sort = [new ObjectSortKey(ObjectSortField.Size, true)],
        Limit = 100,
    };

    /// <summary>Sorted by size descending, only the objects with the key 'rare' (the filter's matches are read and sorted).</summary>
    private static readonly ListObjectsOptions s_rareBySizePage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("rare")],
        Sort = [new ObjectSortKey(ObjectSortField.Size, true)],
        Limit = 100,
    };

    /// <summary>A filter no object matches and no index serves (every object has 'os'): the page ends at the scan window.</summary>
    private static readonly ListObjectsOptions s_noMatchPage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("!os")],
        Limit = 100,
    };

    /// <summary>A value nearly every object holds, excluded: 'tier' is 'standard' but on 1 object in 1,000.</summary>
    private static readonly ListObjectsOptions s_otherValuePage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("tier != standard")],
        Limit = 100,
    };

    /// <summary>
    /// The same filter on a page sorted by uuid, descending: a walk of the uuid index (every value distinct), bounded
    /// by the scan window. (Sorted by size, every object of these catalogues ties: a tie is read whole.)
    /// </summary>
    private static readonly ListObjectsOptions s_noMatchByUuidPage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("!os")],
        Sort = [new ObjectSortKey(ObjectSortField.Uuid, true)],
        Limit = 100,
    };

    /// <summary>
    /// The same filter sorted by size, descending: every object of these catalogues has the same size, so the walk is
    /// one tie, which a window of one sort key cuts by name.
    /// </summary>
    private static readonly ListObjectsOptions s_noMatchBySizePage = new()
    {
        Domain = Domain,
        Filters = [AttributeFilter.Parse("!os")],
        Sort = [new ObjectSortKey(ObjectSortField.Size, true)],
        Limit = 100,
    };

    /// <summary>
    /// Sorted by the key 'rare' (1 object in 1,000 has it): the first page holds objects without it, which sort as an
    /// empty value, first, in name order.
    /// </summary>
    private static readonly ListObjectsOptions s_missingKeyPage = new()
    {
        Domain = Domain,
        Sort = [new ObjectSortKey("rare", false)],
        Limit = 100,
    };

    /// <summary>The same with a second key: the objects without 'rare', by uuid.</summary>
    private static readonly ListObjectsOptions s_missingKeyByUuidPage = new()
    {
        Domain = Domain,
        Sort = [new ObjectSortKey("rare", false), new ObjectSortKey(ObjectSortField.Uuid, false)],
        Limit = 100,
    };

    private FileSystemBlockStore? _blocks;
    private ListObjectsOptions _deepTiePage = new();
    private ListObjectsOptions _deepDescendingTiePage = new();
    private ListObjectsOptions _historyPage = new();
    private SqliteObjectStore? _store;
    private Guid[] _uuids = [];
    private int _next;

    /// <summary>Gets the store after <see cref="Setup"/> (the CPU runner widens its scan window to time a page without one).</summary>
    internal SqliteObjectStore Store => _store ?? throw new InvalidOperationException("Setup has not run.");

    [Params(1_000, 100_000)]
    public int ObjectCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        string folder = Path.Combine(BenchmarkInputs.WorkFolder, "objects-v3-" + ObjectCount.ToString(CultureInfo.InvariantCulture));
        _blocks = BenchmarkInputs.OpenStore(Path.Combine(folder, "blocks"));
        string database = Path.Combine(folder, "catalogue.db");
        bool fresh = !File.Exists(database);
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, _blocks);
        if (fresh)
        {
            await PopulateAsync(_store, _blocks, ObjectCount);
        }

        // History as of now, with the rare key: a walk of the names (history has no index), bounded by the scan window.
        _historyPage = new ListObjectsOptions { Domain = Domain, Filters = [AttributeFilter.Parse("rare")], Until = TimeProvider.System.GetUtcNow(), Limit = 100 };
        // Half-way through the tie of 'tier' = 'standard' (999 objects in 1,000), sorted by tier then uuid, and by tier descending.
        ObjectInfo middle = await _store.GetInfoAsync(Account, PathOf(ObjectCount / 2));
        string middleUuid = middle.Uuid.ToString("D", CultureInfo.InvariantCulture);
        _deepTiePage = new ListObjectsOptions
        {
            Domain = Domain,
            Sort = [new ObjectSortKey("tier", false), new ObjectSortKey(ObjectSortField.Uuid, false)],
            SortAfter = ["standard", middleUuid],
            Marker = middle.Path.Name,
            Limit = 100,
        };
        _deepDescendingTiePage = new ListObjectsOptions
        {
            Domain = Domain,
            Sort = [new ObjectSortKey("tier", true)],
            SortAfter = ["standard"],
            Marker = middle.Path.Name,
            Limit = 100,
        };
        var random = new Random(7);
        _uuids = new Guid[1024];
        for (int i = 0; i < _uuids.Length; i++)
        {
            _uuids[i] = (await _store.GetInfoAsync(Account, PathOf(random.Next(ObjectCount)))).Uuid;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _blocks?.Dispose();
    }

    [Benchmark(Description = "GetInfoByUuidAsync")]
    public async Task<long> ByUuid() => (await _store!.GetInfoByUuidAsync(Account, _uuids[_next++ & 1023])).Size;

    [Benchmark(Description = "ListObjectsAsync, 100 of those with os = 'linux 3'")]
    public async Task<int> FilteredPage()
    {
        ObjectListPage page = await _store!.ListObjectsAsync(Account, Account, Container, s_filteredPage);
        return page.Entries.Count;
    }

    [Benchmark(Description = "ListObjectsAsync, 100 with name >= 'image 999' (selective range)")]
    public async Task<int> RangePage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_rangePage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 with key 'rare' (1 in 1,000)")]
    public async Task<int> ExistsPage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_existsPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 sorted by size descending")]
    public async Task<int> SizeSortedPage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_sizeSortedPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 with key 'rare' sorted by size descending")]
    public async Task<int> RareBySizePage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_rareBySizePage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 with !os (none match: one scan window)")]
    public async Task<int> NoMatchPage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_noMatchPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 with !os sorted by uuid desc (one scan window)")]
    public async Task<int> NoMatchByUuidPage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_noMatchByUuidPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 with !os sorted by size desc (one tie: one scan window)")]
    public async Task<int> NoMatchBySizePage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_noMatchBySizePage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 with tier != standard (1 in 1,000)")]
    public async Task<int> OtherValuePage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_otherValuePage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, history (until now), 100 with key 'rare'")]
    public async Task<int> HistoryRarePage() => (await _store!.ListObjectsAsync(Account, Account, Container, _historyPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 sorted by key 'rare' (objects without it first)")]
    public async Task<int> MissingKeyPage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_missingKeyPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 sorted by key 'rare', then uuid (objects without it first)")]
    public async Task<int> MissingKeyByUuidPage() => (await _store!.ListObjectsAsync(Account, Account, Container, s_missingKeyByUuidPage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 sorted by tier, then uuid, half-way through tier = standard")]
    public async Task<int> DeepTiePage() => (await _store!.ListObjectsAsync(Account, Account, Container, _deepTiePage)).Entries.Count;

    [Benchmark(Description = "ListObjectsAsync, 100 sorted by tier descending, half-way through tier = standard")]
    public async Task<int> DeepDescendingTiePage() => (await _store!.ListObjectsAsync(Account, Account, Container, _deepDescendingTiePage)).Entries.Count;

    [Benchmark(Description = "GetInfoAsync by path")]
    public async Task<long> ByPath() => (await _store!.GetInfoAsync(Account, PathOf(_next++ % ObjectCount))).Size;

    internal static ObjectPath PathOf(int i) =>
        new(Account, Container, string.Create(CultureInfo.InvariantCulture, $"dir{i % 100:D2}/image-{i:D6}.img"));

    private static async Task PopulateAsync(SqliteObjectStore store, FileSystemBlockStore blocks, int count)
    {
        await store.EnsureAccountAsync(Account, Account);
        await store.EnsureContainerAsync(Account, Account, Container);
        HashedBlock block = HashedBlock.Create(BenchmarkInputs.MakeRandom(4096, 1));
        await blocks.PutAsync(block);
        BlockHash[] hashmap = [block.Hash];
        for (int i = 0; i < count; i++)
        {
            var metadata = new Dictionary<string, string>
            {
                ["os"] = string.Create(CultureInfo.InvariantCulture, $"linux {i % 10}"),
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"image {i}"),
                ["tier"] = i % 1000 == 3 ? "premium" : "standard",
            };
            if (i % 1000 == 7)
            {
                metadata["rare"] = "yes"; // 1 object in 1,000
            }

            await store.WriteHashmapAsync(Account, PathOf(i), 4096, hashmap, new ObjectWriteOptions { MetadataDomain = Domain, Metadata = metadata });
        }
    }
}
