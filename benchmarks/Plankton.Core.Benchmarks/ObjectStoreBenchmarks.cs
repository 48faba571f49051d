using System.Globalization;
using BenchmarkDotNet.Attributes;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Catalogue look-ups on the SQLite object store with 1,000 and 100,000 objects in one container: by uuid and by
/// path. The catalogue is built once per size under the benchmark folder and reused by later runs.
/// </summary>
[MemoryDiagnoser]
public class ObjectStoreBenchmarks
{
    private const string Account = "bench";
    private const string Container = "images";

    private FileSystemBlockStore? _blocks;
    private SqliteObjectStore? _store;
    private Guid[] _uuids = [];
    private int _next;

    [Params(1_000, 100_000)]
    public int ObjectCount { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        string folder = Path.Combine(BenchmarkInputs.WorkFolder, "objects-" + ObjectCount.ToString(CultureInfo.InvariantCulture));
        _blocks = BenchmarkInputs.OpenStore(Path.Combine(folder, "blocks"));
        string database = Path.Combine(folder, "catalogue.db");
        bool fresh = !File.Exists(database);
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, _blocks);
        if (fresh)
        {
            await PopulateAsync(_store, _blocks, ObjectCount);
        }

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
            await store.WriteHashmapAsync(Account, PathOf(i), 4096, hashmap);
        }
    }
}
