using System.Text;
using Microsoft.Data.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>Direct looks into a test's SQLite catalogue file (row counts for the "nothing written" checks).</summary>
internal static class SqliteCatalogue
{
    public static async Task<long> CountRowsAsync(string databasePath)
    {
        await using SqliteConnection connection = await OpenReadOnlyAsync(databasePath);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM objects) + (SELECT COUNT(*) FROM versions) + (SELECT COUNT(*) FROM attributes)";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Describes everything stored: the row count of every table of the catalogue and, when a block folder is given,
    /// the sorted names and lengths of its block files (temp files included) — equal descriptions mean nothing was written.
    /// With <paramref name="unreferencedBlocks"/> false, <c>blocks</c> counts only referenced rows: a failed write may
    /// leave rows of blocks it pinned, which nothing references and the next garbage collection removes.
    /// </summary>
    public static async Task<string> DescribeAsync(string databasePath, string? blockRoot, bool unreferencedBlocks = true)
    {
        var text = new StringBuilder();
        await using (SqliteConnection connection = await OpenReadOnlyAsync(databasePath))
        {
            var tables = new List<string>();
            await using (SqliteCommand list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                await using SqliteDataReader reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (string table in tables)
            {
                await using SqliteCommand count = connection.CreateCommand();
                count.CommandText = table == "blocks" && !unreferencedBlocks
                    ? "SELECT COUNT(*) FROM blocks WHERE refs > 0"
                    : $"SELECT COUNT(*) FROM \"{table}\"";
                text.Append(table).Append('=').Append((long)(await count.ExecuteScalarAsync())!).Append('\n');
            }
        }

        BlockFiles.Describe(text, blockRoot);

        return text.ToString();
    }

    private static async Task<SqliteConnection> OpenReadOnlyAsync(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        return connection;
    }
}
