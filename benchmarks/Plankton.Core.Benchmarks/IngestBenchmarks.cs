using BenchmarkDotNet.Attributes;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// The three 1 GiB paths of the ingestion target: streaming hash in memory, first ingest into an empty
/// file-system store (durable on return), and re-ingest of a page-cached file whose blocks are all present.
/// </summary>
[Config(typeof(BenchmarkConfig.Short))]
public class IngestBenchmarks
{
    private byte[] _data = [];
    private string _cachedFile = string.Empty;
    private string _firstFolder = string.Empty;
    private FileSystemBlockStore? _first;
    private FileSystemBlockStore? _full;

    [GlobalSetup]
    public async Task Setup()
    {
        _data = BenchmarkInputs.RandomGiB;
        _cachedFile = BenchmarkInputs.CachedFile();
        _full = BenchmarkInputs.OpenStore(BenchmarkInputs.FreshStoreFolder("bench-full"));
        await _full.IngestAsync(BenchmarkInputs.Exposed(_data));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _full?.Dispose();
        _first?.Dispose();
    }

    [IterationSetup(Target = nameof(FirstIngest))]
    public void FreshStore()
    {
        _first?.Dispose();
        _firstFolder = BenchmarkInputs.FreshStoreFolder("bench-first");
        _first = BenchmarkInputs.OpenStore(_firstFolder);
    }

    [Benchmark(Description = "streaming hash, 1 GiB in memory")]
    public async Task<BlockHash> StreamHash() =>
        (await PithosStreamHasher.HashAsync(BenchmarkInputs.Exposed(_data))).TopHash;

    [Benchmark(Description = "first ingest, 1 GiB into an empty store")]
    public async Task<int> FirstIngest() =>
        (await _first!.IngestAsync(BenchmarkInputs.Exposed(_data))).NewBlocks;

    [Benchmark(Description = "re-ingest, 1 GiB page-cached file, all present")]
    public async Task<int> Reingest()
    {
        await using FileStream file = File.OpenRead(_cachedFile);
        return (await _full!.IngestAsync(file)).DeduplicatedBlocks;
    }
}
