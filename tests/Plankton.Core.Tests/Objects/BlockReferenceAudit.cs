using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Recomputes block references from the versions' hashmaps and compares them with the catalogue's counts: the
/// invariants of docs/reliability.md, checked by the reference, crash and concurrency tests.
/// </summary>
internal static class BlockReferenceAudit
{
    /// <summary>Every count equals the number of versions referencing the block (each version once); every referenced block is readable.</summary>
    public static async Task AssertConsistentAsync(string databasePath, IBlockStore blocks, IReadOnlySet<BlockHash>? knownDamaged = null)
    {
        Dictionary<BlockHash, long> expected = await ExpectedRefsAsync(databasePath);
        Dictionary<BlockHash, (long Refs, long State)> actual = await BlockRowsAsync(databasePath);

        foreach ((BlockHash hash, long refs) in expected)
        {
            actual.Should().ContainKey(hash, "block {0} is referenced {1} times", hash, refs);
            actual[hash].Refs.Should().Be(refs, "block {0} is referenced by {1} versions", hash, refs);
            actual[hash].State.Should().Be(0, "a referenced block is never being deleted");
        }

        foreach ((BlockHash hash, (long refs, _)) in actual)
        {
            if (!expected.ContainsKey(hash))
            {
                refs.Should().Be(0, "no version references block {0}", hash);
            }
        }

        byte[] buffer = new byte[blocks.BlockSize];
        foreach (BlockHash hash in expected.Keys.Where(h => knownDamaged is null || !knownDamaged.Contains(h)))
        {
            await blocks.ReadAsync(hash, buffer); // throws when missing or corrupt
        }
    }

    /// <summary>After a final collection: no unreferenced row, counts exact, and the stored blocks are exactly the catalogue's.</summary>
    public static async Task AssertOnlyReferencedBlocksRemainAsync(string databasePath, IBlockStore blocks)
    {
        (await CountUnreferencedAsync(databasePath)).Should().Be(0, "the final collection freed every unreferenced block");
        await AssertConsistentAsync(databasePath, blocks);
        (await StoredBlocksAsync(blocks)).Should().BeEquivalentTo(await KnownBlocksAsync(databasePath), "every block left is referenced");
    }

    /// <summary>Every block the store holds.</summary>
    public static async Task<HashSet<BlockHash>> StoredBlocksAsync(IBlockStore blocks)
    {
        var stored = new HashSet<BlockHash>();
        await foreach (BlockHash hash in blocks.EnumerateAsync())
        {
            stored.Add(hash);
        }

        return stored;
    }

    /// <summary>How many blocks the catalogue knows with no reference (what the next collection examines).</summary>
    public static async Task<long> CountUnreferencedAsync(string databasePath) =>
        (await BlockRowsAsync(databasePath)).Values.LongCount(static r => r.Refs == 0);

    /// <summary>The blocks the catalogue has a row for, whatever their count.</summary>
    public static async Task<HashSet<BlockHash>> KnownBlocksAsync(string databasePath) => [.. (await BlockRowsAsync(databasePath)).Keys];

    public static async Task<long> ScalarAsync(string databasePath, string sql)
    {
        await using SqliteConnection connection = await OpenAsync(databasePath);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<long> RefsAsync(string databasePath, BlockHash hash)
    {
        Dictionary<BlockHash, (long Refs, long State)> rows = await BlockRowsAsync(databasePath);
        return rows.TryGetValue(hash, out (long Refs, long State) row) ? row.Refs : -1;
    }

    private static async Task<Dictionary<BlockHash, long>> ExpectedRefsAsync(string databasePath)
    {
        var expected = new Dictionary<BlockHash, long>();
        await using SqliteConnection connection = await OpenAsync(databasePath);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT hashmap FROM versions";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            byte[] hashmap = (byte[])reader[0];
            var distinct = new HashSet<BlockHash>();
            for (int i = 0; i < hashmap.Length; i += BlockHash.Size)
            {
                distinct.Add(new BlockHash(hashmap.AsSpan(i, BlockHash.Size)));
            }

            foreach (BlockHash hash in distinct.Where(static h => !h.IsEmpty))
            {
                expected[hash] = expected.GetValueOrDefault(hash) + 1;
            }
        }

        return expected;
    }

    private static async Task<Dictionary<BlockHash, (long Refs, long State)>> BlockRowsAsync(string databasePath)
    {
        var rows = new Dictionary<BlockHash, (long Refs, long State)>();
        await using SqliteConnection connection = await OpenAsync(databasePath);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT hash, refs, state FROM blocks";
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows[new BlockHash((byte[])reader[0])] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return rows;
    }

    private static async Task<SqliteConnection> OpenAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
