using Npgsql;

namespace Plankton.Cli.Tests.Commands;

/// <summary>
/// The tool scaled out: <c>--catalogue postgres</c> (the connection string from <c>PLANKTON_PG_CONNECTION</c>, here
/// the test server of <c>PLANKTON_TEST_PG</c> that <c>.ci/run</c> starts) with <c>--block-store s3</c> (radosgw). Each
/// test uses a schema and a key prefix of its own. Without the servers it fails under <c>CI=true</c> and is skipped
/// visibly elsewhere.
/// </summary>
public sealed class PostgreSqlCatalogueCliTests : StoreFixture
{
    private const int Block = 4 * 1024 * 1024;

    [Test]
    public async Task PutListDownloadDeleteGcVerify_OnPostgreSqlAndS3_WorkWithNothingInTheStoreFolder()
    {
        string connectionString = RequireServers();
        string schema = $"cli_{Guid.NewGuid():N}";
        string[] scaled = ["--catalogue", "postgres", "--pg-schema", schema, "--block-store", "s3", "--s3-prefix", $"cli-{Guid.NewGuid():N}/blocks/"];
        byte[] data = RandomBytes((2 * Block) + 1000, seed: 31);
        try
        {
            CliRun put = await RunAsync(["put", WriteFile(data), "--name", "shared", "--json", "--quiet", .. scaled]);
            string id = Json(put).GetProperty("id").GetString()!;
            CliRun list = await RunAsync(["list", "--json", .. scaled]);
            string target = Path.Combine(Folder, "back.img");
            CliRun download = await RunAsync(["download", id, "-o", target, "--quiet", .. scaled]);
            CliRun delete = await RunAsync(["delete", id, "--quiet", .. scaled]);
            CliRun gc = await RunAsync(["gc", "--json", "--quiet", .. scaled]);
            CliRun verify = await RunAsync(["verify", "--quiet", .. scaled]);

            put.ExitCode.Should().Be(0, put.Error);
            Json(list).GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetString()).Should().Equal(id);
            download.ExitCode.Should().Be(0, download.Error);
            File.ReadAllBytes(target).Should().Equal(data);
            delete.ExitCode.Should().Be(0, delete.Error);
            gc.ExitCode.Should().Be(0, gc.Error);
            Json(gc).GetProperty("deleted").GetInt64().Should().Be(0, "a deleted image keeps its history (and blocks) until purged");
            verify.ExitCode.Should().Be(0, verify.Error);
            Directory.Exists(Store).Should().BeTrue();
            Directory.EnumerateFileSystemEntries(Store).Should().BeEmpty("the catalogue is in PostgreSQL and the blocks in S3");
        }
        finally
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Test]
    public async Task Put_UnknownCatalogue_ExitsWithInvalidInputNamingTheOption()
    {
        CliRun run = await RunAsync("put", WriteFile([1, 2, 3]), "--name", "x", "--catalogue", "mysql");

        run.ExitCode.Should().Be(5);
        run.Error.Should().Contain("--catalogue must be 'sqlite' or 'postgres'; it is 'mysql'");
    }

    [Test]
    public async Task List_BadSchemaName_ExitsWithInvalidInputBeforeConnecting()
    {
        RequireServers();

        CliRun run = await RunAsync("list", "--catalogue", "postgres", "--pg-schema", "x;DROP");

        run.ExitCode.Should().Be(5, run.Error);
        run.Error.Should().Contain("PostgreSqlObjectStoreOptions.Schema 'x;DROP' is not a lower-case identifier");
    }

    /// <summary>Returns the test server's connection string, after handing it to the tool through its variable.</summary>
    private static string RequireServers()
    {
        string? connectionString = Environment.GetEnvironmentVariable("PLANKTON_TEST_PG");
        if (string.IsNullOrEmpty(connectionString) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(StoreSession.S3EndpointVariable)))
        {
            const string message = "The PostgreSQL CLI test needs PostgreSQL and S3: set PLANKTON_TEST_PG and PLANKTON_S3_* (.ci/run starts both and sets them).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI=true but the servers are not configured. " + message);
            }

            Assume.That(false, message);
        }

        // The tool reads the connection string only from its variable; every test of this process may share it.
        Environment.SetEnvironmentVariable(StoreSession.PgConnectionVariable, connectionString);
        return connectionString!;
    }
}
