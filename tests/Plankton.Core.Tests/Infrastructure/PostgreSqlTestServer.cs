using System.Text;
using Npgsql;
using Plankton.Core.PostgreSql;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the catalogue tests run against, from <c>PLANKTON_TEST_PG</c> (an Npgsql connection string),
/// which <c>.ci/run</c> exports after starting a throwaway cluster (<c>.ci/start-postgres.sh</c>).
/// </summary>
/// <remarks>
/// Each test catalogue lives in a schema of its own (<c>t_&lt;guid&gt;</c>), so fixtures running in parallel, test runs
/// and engineers sharing one server never see each other's tables; <see cref="DropSchemaAsync"/> removes one.
/// </remarks>
internal static class PostgreSqlTestServer
{
    public const string ConnectionVariable = "PLANKTON_TEST_PG";

    /// <summary>
    /// Returns the configured connection string. When it is missing, the calling fixture fails under CI
    /// (<c>CI=true</c>: the PostgreSQL tests must never be skipped silently there) and is skipped visibly elsewhere.
    /// </summary>
    public static string ConnectionStringOrSkip()
    {
        string? connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrEmpty(connectionString))
        {
            string message = $"The PostgreSQL catalogue tests need a server: set {ConnectionVariable} to an Npgsql connection string " +
                "(.ci/run starts one with .ci/start-postgres.sh and sets it).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI=true but no PostgreSQL server is configured. " + message);
            }

            Assume.That(false, message);
        }

        return connectionString!;
    }

    /// <summary>Returns options for a catalogue in a new schema of its own.</summary>
    public static PostgreSqlObjectStoreOptions NewOptions(string connectionString) => new()
    {
        ConnectionString = connectionString,
        Schema = $"t_{Guid.NewGuid():N}",
        LockTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Drops a test schema with everything in it.</summary>
    public static async Task DropSchemaAsync(string connectionString, string schema)
    {
        await using NpgsqlConnection connection = await OpenAsync(connectionString);
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Counts the object, version and attribute rows of a test catalogue.</summary>
    public static async Task<long> CountRowsAsync(string connectionString, string schema)
    {
        await using NpgsqlConnection connection = await OpenAsync(connectionString, schema);
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT COUNT(*) FROM objects) + (SELECT COUNT(*) FROM versions) + (SELECT COUNT(*) FROM attributes)", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Describes a test catalogue: the row count of every table (with <paramref name="unreferencedBlocks"/> false,
    /// <c>blocks</c> counts only referenced rows), as <c>SqliteCatalogue.DescribeAsync</c> does for SQLite, plus
    /// the block files under <paramref name="blockRoot"/> when given.
    /// </summary>
    public static async Task<string> DescribeAsync(string connectionString, string schema, string? blockRoot, bool unreferencedBlocks = true)
    {
        var text = new StringBuilder();
        await using (NpgsqlConnection connection = await OpenAsync(connectionString, schema))
        {
            var tables = new List<string>();
            await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @schema ORDER BY table_name", connection))
            {
                list.Parameters.AddWithValue("schema", schema);
                await using NpgsqlDataReader reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (string table in tables.Where(t => t != "schema_version"))
            {
                await using var count = new NpgsqlCommand(
                    table == "blocks" && !unreferencedBlocks ? "SELECT COUNT(*) FROM blocks WHERE refs > 0" : $"SELECT COUNT(*) FROM \"{table}\"",
                    connection);
                text.Append(table).Append('=').Append((long)(await count.ExecuteScalarAsync())!).Append('\n');
            }
        }

        BlockFiles.Describe(text, blockRoot);

        return text.ToString();
    }

    /// <summary>Runs one SQL statement in a test catalogue and returns its scalar result.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string schema, string sql)
    {
        await using NpgsqlConnection connection = await OpenAsync(connectionString, schema);
        await using var command = new NpgsqlCommand(sql, connection);
        object? result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? 0 : Convert.ToInt64(result, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, string? schema = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
