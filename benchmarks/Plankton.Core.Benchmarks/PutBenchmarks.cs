using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Images;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// What putting an image costs over raw ingestion of the same bytes: 1 GiB of random data into a fresh, empty
/// file-system block store (durable on return), once through <see cref="BlockIngestion.IngestAsync"/> (the baseline)
/// and once through <see cref="PithosImageBackend.PutAsync"/> over the SQLite catalogue on the same kind of store
/// (placeholder version, ingest, hashmap version, image keys). Target: ratio ≤ 1.05.
/// </summary>
[Config(typeof(BenchmarkConfig.Short))]
public class PutBenchmarks
{
    private byte[] _data = [];
    private FileSystemBlockStore? _blocks;
    private SqliteObjectStore? _store;
    private PithosImageBackend? _images;

    [GlobalSetup]
    public void Setup() => _data = BenchmarkInputs.RandomGiB;

    [IterationSetup]
    public void FreshStore()
    {
        CloseStore();
        string folder = BenchmarkInputs.FreshStoreFolder("bench-put");
        _blocks = BenchmarkInputs.OpenStore(Path.Combine(folder, "blocks"));
        _store = SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(folder, "catalogue.db") }, _blocks)
            .AsTask().GetAwaiter().GetResult();
        _images = new PithosImageBackend(_store);
    }

    [IterationCleanup]
    public void CloseStore()
    {
        _store?.Dispose();
        _blocks?.Dispose();
        _store = null;
        _blocks = null;
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true, Description = "raw ingest, 1 GiB into an empty store")]
    public async Task<int> RawIngest() =>
        (await _blocks!.IngestAsync(BenchmarkInputs.Exposed(_data))).NewBlocks;

    [Benchmark(Description = "image put, 1 GiB into an empty store + SQLite catalogue")]
    public async Task<long> Put() =>
        (await _images!.PutAsync("bench", BenchmarkInputs.Exposed(_data), new ImageCreateRequest { Name = "image" })).Size;
}
