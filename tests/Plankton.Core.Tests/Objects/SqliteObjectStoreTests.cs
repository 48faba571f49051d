using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>What only the SQLite catalogue has: its file, schema version and journal mode.</summary>
[TestFixture]
public sealed class SqliteObjectStoreTests
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

    [Test]
    public async Task OpenAsync_NewDatabase_CreatesTheCurrentSchemaInWalMode()
    {
        string database = NewDatabasePath();

        using (await OpenAsync(database))
        {
        }

        (await ScalarAsync(database, "PRAGMA journal_mode")).Should().Be("wal");
        (await ScalarAsync(database, "PRAGMA user_version")).Should().Be((long)SqliteSchema.CurrentVersion);
    }

    [Test]
    public async Task OpenAsync_ExistingDatabase_KeepsItsData()
    {
        string database = NewDatabasePath();
        using (SqliteObjectStore first = await OpenAsync(database))
        {
            await first.EnsureAccountAsync("alice", "alice");
        }

        using SqliteObjectStore second = await OpenAsync(database);

        (await second.EnsureAccountAsync("alice", "alice")).Should().BeFalse();
    }

    [Test]
    public async Task OpenAsync_Version1Database_MigratesToVersion2AndComputesUsage()
    {
        string database = NewDatabasePath();
        var blocks = new InMemoryBlockStore(4096);
        using (SqliteObjectStore first = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks))
        {
            await first.EnsureAccountAsync("alice", "alice");
            await first.EnsureContainerAsync("alice", "alice", "c");
            await first.WriteAsync("alice", new ObjectPath("alice", "c", "a"), new MemoryStream(new byte[100]));
            await first.WriteAsync("alice", new ObjectPath("alice", "c", "a"), new MemoryStream(new byte[50]));
        }

        SqliteConnection.ClearAllPools();
        await ScalarAsync(database, DropVersion3 + """
            DROP TABLE permissions; DROP TABLE account_groups;
            ALTER TABLE accounts DROP COLUMN quota; ALTER TABLE accounts DROP COLUMN usage;
            ALTER TABLE containers DROP COLUMN quota; ALTER TABLE containers DROP COLUMN usage;
            PRAGMA user_version = 1;
            """);
        (await ScalarAsync(database, "PRAGMA user_version")).Should().Be(1L);

        using SqliteObjectStore second = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks);

        (await ScalarAsync(database, "PRAGMA user_version")).Should().Be((long)SqliteSchema.CurrentVersion);
        (await ScalarAsync(database, "SELECT usage FROM containers")).Should().Be(150L);
        (await ScalarAsync(database, "SELECT usage FROM accounts")).Should().Be(150L);
        await second.SetContainerQuotaAsync("alice", "alice", "c", 160);
        Func<Task> over = async () => await second.WriteAsync("alice", new ObjectPath("alice", "c", "b"), new MemoryStream(new byte[11]));
        await over.Should().ThrowAsync<QuotaExceededException>();
    }

    [Test]
    public async Task OpenAsync_SchemaFromANewerVersion_ThrowsStoreConfigurationException()
    {
        string database = NewDatabasePath();
        using (await OpenAsync(database))
        {
        }

        await ScalarAsync(database, "PRAGMA user_version = 99");
        Func<Task> act = async () => await OpenAsync(database);

        (await act.Should().ThrowAsync<StoreConfigurationException>()).WithMessage("*99*");
    }

    [Test]
    public async Task OpenAsync_FileIsNotADatabase_ThrowsStoreConfigurationException()
    {
        string database = NewDatabasePath();
        await File.WriteAllBytesAsync(database, [.. Enumerable.Repeat((byte)'x', 4096)]);

        Func<Task> act = async () => await OpenAsync(database);

        (await act.Should().ThrowAsync<StoreConfigurationException>()).Which.InnerException.Should().BeOfType<SqliteException>();
    }

    [Test]
    public async Task Operations_AfterDispose_ThrowObjectDisposedException()
    {
        SqliteObjectStore store = await OpenAsync(NewDatabasePath());
        store.Dispose();

        Func<Task> act = async () => await store.EnsureAccountAsync("alice", "alice");

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private string NewDatabasePath() => Path.Combine(_directory!.CreateSubdirectory(), "catalogue.db");

    [Test]
    public async Task OpenAsync_Version2Database_MigratesToVersion3AndFillsTheListingIndex()
    {
        string database = NewDatabasePath();
        var blocks = new InMemoryBlockStore(4096);
        var linux = new ObjectWriteOptions { MetadataDomain = "plankton", Metadata = new Dictionary<string, string> { ["os"] = "linux" } };
        using (SqliteObjectStore first = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks))
        {
            await first.EnsureAccountAsync("alice", "alice");
            await first.EnsureContainerAsync("alice", "alice", "c");
            await first.WriteAsync("alice", new ObjectPath("alice", "c", "a"), new MemoryStream(new byte[1]), linux);
            await first.WriteAsync("alice", new ObjectPath("alice", "c", "b"), new MemoryStream(new byte[1]), linux);
            await first.WriteAsync("alice", new ObjectPath("alice", "c", "c"), new MemoryStream(new byte[1]), linux);
            await first.UpdateMetadataAsync("alice", new ObjectPath("alice", "c", "b"), "plankton", new Dictionary<string, string> { ["os"] = "bsd" });
            await first.DeleteAsync("alice", new ObjectPath("alice", "c", "c"));
        }

        SqliteConnection.ClearAllPools();
        await ScalarAsync(database, DropVersion3 + "PRAGMA user_version = 2;");

        using SqliteObjectStore second = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks);
        ObjectListPage page = await second.ListObjectsAsync("alice", "alice", "c", new ListObjectsOptions { Domain = "plankton", Filters = [AttributeFilter.Parse("os = linux")] });

        (await ScalarAsync(database, "PRAGMA user_version")).Should().Be((long)SqliteSchema.CurrentVersion);
        (await ScalarAsync(database, "SELECT COUNT(*) FROM listing")).Should().Be(2L, "one row per attribute of a live latest version");
        page.Entries.Select(e => e.Name).Should().Equal("a");
    }

    /// <summary>Takes a catalogue back to schema version 2 (the listing index of version 3 dropped).</summary>
    private const string DropVersion3 = """
        DROP TRIGGER tr_listing_latest; DROP TRIGGER tr_listing_insert; DROP TRIGGER tr_listing_update;
        DROP TRIGGER tr_listing_delete; DROP TRIGGER tr_listing_cluster; DROP TABLE listing;

        """;

    private static async Task<SqliteObjectStore> OpenAsync(string database) =>
        await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, new InMemoryBlockStore(4096));

    private static async Task<object?> ScalarAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
