using System.Reflection;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Every catalogue statement is served by an index: SQLite's query plan shows no full scan of a table (the issue's
/// "no query scans all objects").
/// </summary>
[TestFixture]
public sealed class SqliteQueryPlanTests
{
    private TempDirectory? _directory;

    [OneTimeSetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [OneTimeTearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }

    private static IEnumerable<TestCaseData> Statements() =>
        typeof(Sql).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => new TestCaseData(f.Name, (string)f.GetRawConstantValue()!).SetArgDisplayNames(f.Name));

    /// <summary>
    /// Statements that scan on purpose, each a table whose size is bounded by something other than the store's size
    /// (garbage collection and scrub, docs/reliability.md): the lease table (one row per running upload), the damage
    /// table (one row per damaged block), and the reverse look-up of the versions using a damaged block.
    /// </summary>
    private static readonly Dictionary<string, string> s_deliberateScans = new(StringComparer.Ordinal)
    {
        ["SelectLeases"] = "SCAN leases",
        ["SelectDamage"] = "SCAN d USING INDEX",
        ["DeleteUnreferencedDamage"] = "SCAN damaged_blocks",
        ["SelectVersionsContaining"] = "SCAN v",
    };

    [TestCaseSource(nameof(Statements))]
    public async Task Statement_QueryPlan_ScansNoTable(string name, string sql)
    {
        IReadOnlyList<string> plan = await PlanAsync(name, sql);

        // A constant row or a recursive CTE (the hashmap split into 32-byte slices) is not a table.
        plan.Should().NotContain(
            step => step.StartsWith("SCAN ", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW" && step != "SCAN i"
                && !(s_deliberateScans.ContainsKey(name) && step.StartsWith(s_deliberateScans[name], StringComparison.Ordinal)),
            "{0} must use indexes: {1}",
            name,
            string.Join(" | ", plan));
    }

    [Test]
    public async Task PlanAsync_UnindexedQuery_ShowsTheScan()
    {
        IReadOnlyList<string> plan = await PlanAsync("sanity", "SELECT serial FROM versions WHERE muser = @User");

        plan.Should().Contain(step => step.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> PlanAsync(string name, string sql)
    {
        string database = _directory!.Combine($"{name}.db");
        using (await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, new InMemoryBlockStore(4096)))
        {
        }

        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
