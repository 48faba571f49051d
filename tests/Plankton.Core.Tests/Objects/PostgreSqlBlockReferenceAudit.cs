using Npgsql;
using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The invariants of docs/reliability.md for a PostgreSQL catalogue (what <see cref="BlockReferenceAudit"/> checks for
/// SQLite): every block's count equals the number of versions whose hashmap holds it (each version once, the empty
/// block never), computed in the server from the hashmaps; no referenced block is being deleted; every referenced
/// block reads back; and, after a final collection, the block store holds exactly the catalogue's blocks.
/// </summary>
internal static class PostgreSqlBlockReferenceAudit
{
    /// <summary>The blocks whose <c>refs</c> differs from the versions' hashmaps, as <c>hex refs expected</c> rows (a missing row counts as refs -1).</summary>
    private const string SelectMiscounted = """
        WITH expected AS (
            SELECT h AS hash, COUNT(*) AS refs
            FROM (SELECT DISTINCT v.serial, substr(v.hashmap, s.n * 32 + 1, 32) AS h
                  FROM versions v, generate_series(0, length(v.hashmap) / 32 - 1) AS s(n)) d
            WHERE h <> '\xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'::bytea
            GROUP BY h)
        SELECT encode(COALESCE(b.hash, e.hash), 'hex') || ' ' || COALESCE(b.refs, -1) || ' ' || COALESCE(e.refs, 0)
        FROM blocks b FULL JOIN expected e ON e.hash = b.hash
        WHERE COALESCE(b.refs, -1) <> COALESCE(e.refs, 0)
        ORDER BY 1
        """;

    /// <summary>Every count is exact, no referenced block is being deleted, and every referenced block is readable.</summary>
    public static async Task AssertConsistentAsync(string connectionString, string schema, IBlockStore blocks)
    {
        (await QueryAsync(connectionString, schema, SelectMiscounted, static r => r.GetString(0)))
            .Should().BeEmpty("every block's count equals the versions referencing it (hash, refs, expected)");
        (await Infrastructure.PostgreSqlTestServer.ScalarAsync(connectionString, schema, "SELECT COUNT(*) FROM blocks WHERE refs > 0 AND state <> 0"))
            .Should().Be(0, "a referenced block is never being deleted");

        byte[] buffer = new byte[blocks.BlockSize];
        foreach (BlockHash hash in await BlocksAsync(connectionString, schema, "SELECT hash FROM blocks WHERE refs > 0"))
        {
            Func<Task> read = async () => await blocks.ReadAsync(hash, buffer);
            await read.Should().NotThrowAsync("referenced block {0} is stored and sound", hash);
        }
    }

    /// <summary>After a final collection: no unreferenced row, no lease, counts exact, and the stored blocks are exactly the catalogue's.</summary>
    public static async Task AssertOnlyReferencedBlocksRemainAsync(string connectionString, string schema, IBlockStore blocks)
    {
        (await Infrastructure.PostgreSqlTestServer.ScalarAsync(connectionString, schema, "SELECT COUNT(*) FROM blocks WHERE refs = 0"))
            .Should().Be(0, "the final collection freed every unreferenced block");
        (await Infrastructure.PostgreSqlTestServer.ScalarAsync(connectionString, schema, "SELECT COUNT(*) FROM leases"))
            .Should().Be(0, "no upload or collection holds a lease any more");
        await AssertConsistentAsync(connectionString, schema, blocks);
        (await BlockReferenceAudit.StoredBlocksAsync(blocks)).Should().BeEquivalentTo(
            await BlocksAsync(connectionString, schema, "SELECT hash FROM blocks"), "every stored block is one the catalogue references");
    }

    private static async Task<List<BlockHash>> BlocksAsync(string connectionString, string schema, string sql) =>
        await QueryAsync(connectionString, schema, sql, static r => new BlockHash((byte[])r[0]));

    private static async Task<List<T>> QueryAsync<T>(string connectionString, string schema, string sql, Func<NpgsqlDataReader, T> read)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, SearchPath = schema };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
