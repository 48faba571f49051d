using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Hashing;
using Plankton.Core.Objects.Catalogue;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// The catalogue's share of a 1 GiB upload (docs/reliability.md, docs/performance.md): an upload lease pins 256 fresh
/// blocks, as the ingestion workers do (one block per call from four threads, the pipeline's worker count on two
/// cores), or all at once (the floor: one transaction), then ends the lease.
/// </summary>
[MemoryDiagnoser]
public class PinBenchmarks
{
    private const int Blocks = 256;
    private const int Workers = 4;

    private readonly Random _random = new(42);
    private SqliteObjectStore? _store;
    private string _folder = string.Empty;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = BenchmarkInputs.FreshStoreFolder("pins");
        Directory.CreateDirectory(_folder);
        string database = Path.Combine(_folder, "catalogue.db");
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, new InMemoryBlockStore(4096));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Baseline = true, Description = "lease + 256 pins, one block per call from 4 threads + release")]
    public async Task PinOneByOne()
    {
        BlockHash[] hashes = NewHashes();
        BlockLease lease = await BlockLease.AcquireAsync(_store!, _store!.Dialect, TimeProvider.System, TimeSpan.FromMinutes(5), 0, default);
        await using (lease)
        {
            await Parallel.ForEachAsync(
                hashes,
                new ParallelOptions { MaxDegreeOfParallelism = Workers },
                async (hash, ct) => await lease.PinAsync([hash], TimeSpan.FromSeconds(30), ct));
        }
    }

    [Benchmark(Description = "lease + 256 pins in one call + release")]
    public async Task PinAllAtOnce()
    {
        BlockHash[] hashes = NewHashes();
        BlockLease lease = await BlockLease.AcquireAsync(_store!, _store!.Dialect, TimeProvider.System, TimeSpan.FromMinutes(5), 0, default);
        await using (lease)
        {
            await lease.PinAsync(hashes, TimeSpan.FromSeconds(30), default);
        }
    }

    private BlockHash[] NewHashes()
    {
        var hashes = new BlockHash[Blocks];
        byte[] bytes = new byte[32];
        for (int i = 0; i < hashes.Length; i++)
        {
            _random.NextBytes(bytes);
            hashes[i] = new BlockHash(bytes);
        }

        return hashes;
    }
}
