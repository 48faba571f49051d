using Microsoft.Data.Sqlite;

namespace Plankton.Core.Tests.Objects;

/// <summary>Direct looks into a test's SQLite catalogue file (row counts for the "nothing written" checks).</summary>
internal static class SqliteCatalogue
{
    public static async Task<long> CountRowsAsync(string databasePath)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM objects) + (SELECT COUNT(*) FROM versions) + (SELECT COUNT(*) FROM attributes)";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
