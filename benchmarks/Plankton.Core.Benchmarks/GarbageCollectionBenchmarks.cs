using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Garbage collection cost against store size (docs/reliability.md): 100 unreferenced blocks collected from a
/// catalogue that also knows 1,000 or 100,000 referenced blocks. Each operation registers 100 fresh unreferenced
/// block rows (a constant cost) and runs <see cref="IStoreMaintenance.CollectGarbageAsync"/>; the ratio between the
/// two sizes shows whether the collector reads the whole store (it should not: the partial index holds only garbage).
/// </summary>
[MemoryDiagnoser]
public class GarbageCollectionBenchmarks
{
    private const int Garbage = 100;

    private const string AddReferenced = """
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < @Count)
        INSERT INTO blocks (hash, refs) SELECT randomblob(32), 1 FROM i
        """;

    private const string AddGarbage = """
        WITH RECURSIVE i(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM i WHERE n + 1 < @Count)
        INSERT INTO blocks (hash, refs) SELECT randomblob(32), 0 FROM i
        """;

    private SqliteObjectStore? _store;
    private string _database = string.Empty;

    [Params(1_000, 100_000)]
    public int ReferencedBlocks { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        string folder = Path.Combine(BenchmarkInputs.WorkFolder, "gc-" + ReferencedBlocks.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        _database = Path.Combine(folder, "catalogue.db");
        bool fresh = !File.Exists(_database);
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _database }, new InMemoryBlockStore(4096));
        if (fresh)
        {
            await ExecuteAsync(AddReferenced, ReferencedBlocks);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _store?.Dispose();

    [Benchmark(Description = "register 100 unreferenced blocks, then CollectGarbageAsync")]
    public async Task<long> Collect()
    {
        await ExecuteAsync(AddGarbage, Garbage);
        return (await _store!.CollectGarbageAsync()).Deleted;
    }

    private async Task ExecuteAsync(string sql, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={_database}");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@Count", count);
        await command.ExecuteNonQueryAsync();
    }
}
