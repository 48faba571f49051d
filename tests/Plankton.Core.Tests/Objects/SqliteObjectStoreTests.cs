using System.Globalization;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Catalogue;
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
        SqliteConnectionFactory.ClearAllPools();
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

        SqliteConnectionFactory.ClearAllPools();
        await ScalarAsync(database, DropVersion6 + DropVersion5 + DropVersion4 + DropVersion3 + """
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

        SqliteConnectionFactory.ClearAllPools();
        await ScalarAsync(database, DropVersion6 + DropVersion5 + DropVersion4 + DropVersion3 + "PRAGMA user_version = 2;");

        using SqliteObjectStore second = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks);
        ObjectListPage page = await second.ListObjectsAsync("alice", "alice", "c", new ListObjectsOptions { Domain = "plankton", Filters = [AttributeFilter.Parse("os = linux")] });

        (await ScalarAsync(database, "PRAGMA user_version")).Should().Be((long)SqliteSchema.CurrentVersion);
        (await ScalarAsync(database, "SELECT COUNT(*) FROM listing")).Should().Be(2L, "one row per attribute of a live latest version");
        page.Entries.Select(e => e.Name).Should().Equal("a");
    }

    [Test]
    public async Task ListingIndex_AfterEveryKindOfChange_HoldsExactlyTheLiveLatestAttributesAndTheirCounts()
    {
        string database = NewDatabasePath();
        using (SqliteObjectStore store = await OpenAsync(database))
        {
            await store.EnsureAccountAsync("alice", "alice");
            await store.EnsureContainerAsync("alice", "alice", "auto");
            await store.EnsureContainerAsync("alice", "alice", "none", VersioningPolicy.None);
            foreach (string container in new[] { "auto", "none" })
            {
                ObjectPath PathOf(string name) => new("alice", container, name);
                var plankton = new ObjectWriteOptions { MetadataDomain = "plankton", Metadata = new Dictionary<string, string> { ["k"] = "v", ["name"] = "n" } };
                foreach (string name in new[] { "a", "b", "c", "d", "e" })
                {
                    await store.WriteAsync("alice", PathOf(name), new MemoryStream([1]), plankton);
                }

                await store.UpdateMetadataAsync("alice", PathOf("a"), "plankton", new Dictionary<string, string> { ["k"] = string.Empty });
                await store.UpdateMetadataAsync("alice", PathOf("b"), "plankton", new Dictionary<string, string> { ["only"] = "x" }, replace: true);
                await store.UpdateMetadataAsync("alice", PathOf("b"), "pithos", new Dictionary<string, string> { ["k"] = "other domain" });
                await store.DeleteAsync("alice", PathOf("c"));
                await store.MoveAsync("alice", PathOf("d"), PathOf("d2"));
                await store.CopyAsync("alice", PathOf("e"), PathOf("e2"));
                await store.WriteAsync("alice", PathOf("e"), new MemoryStream([2]));
                await store.UpdateMetadataAsync("alice", PathOf("e"), "plankton", new Dictionary<string, string>(), replace: true);
                await store.WriteAsync("alice", PathOf("c"), new MemoryStream([3]), plankton);
                await store.PurgeAsync("alice", PathOf("a"), DateTimeOffset.MaxValue);
            }
        }

        const string Expected = """
            SELECT o.container_id, t.domain, t.attr_key, t.attr_value, o.name FROM objects o
            JOIN versions v ON v.serial = o.latest_serial AND v.cluster = 0
            JOIN attributes t ON t.serial = v.serial
            """;
        const string Actual = "SELECT container_id, domain, attr_key, attr_value, name FROM listing";
        const string ExpectedCounts = """
            SELECT * FROM (
                SELECT container_id, domain, attr_key, COUNT(*) FROM listing GROUP BY container_id, domain, attr_key
                UNION ALL
                SELECT container_id, domain, '', COUNT(DISTINCT serial) FROM listing GROUP BY container_id, domain)
            """;
        const string ActualCounts = "SELECT container_id, domain, attr_key, objects FROM listing_counts WHERE objects <> 0";

        (await ScalarAsync(database, $"SELECT COUNT(*) FROM ({Expected} EXCEPT {Actual})")).Should().Be(0L, "every live latest attribute is in the listing index");
        (await ScalarAsync(database, $"SELECT COUNT(*) FROM ({Actual} EXCEPT {Expected})")).Should().Be(0L, "nothing else is in it");
        (await ScalarAsync(database, "SELECT COUNT(*) FROM listing")).Should().Be(await ScalarAsync(database, $"SELECT COUNT(*) FROM ({Expected})"));
        (await ScalarAsync(database, $"SELECT COUNT(*) FROM ({ExpectedCounts} EXCEPT {ActualCounts})")).Should().Be(0L, "the counts follow the index");
        (await ScalarAsync(database, $"SELECT COUNT(*) FROM ({ActualCounts} EXCEPT {ExpectedCounts})")).Should().Be(0L, "no count is left over");
        (await ScalarAsync(database, "SELECT COUNT(*) FROM listing_counts WHERE objects < 0")).Should().Be(0L);
        (await ScalarAsync(database, WrongLiveColumns)).Should().Be(0L, "every object row carries its live latest size and uuid");
        ((long)(await ScalarAsync(database, "SELECT COUNT(*) FROM objects WHERE live_size IS NOT NULL"))!).Should().BeGreaterThan(0L);
    }

    [Test]
    public async Task OpenAsync_Version5Database_MigratesToVersion6AndFillsTheLiveSizeAndUuid()
    {
        string database = NewDatabasePath();
        var blocks = new InMemoryBlockStore(4096);
        using (SqliteObjectStore first = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks))
        {
            await LiveColumnsFixture.WriteAsync(first);
        }

        SqliteConnectionFactory.ClearAllPools();
        await ScalarAsync(database, DropVersion6 + "PRAGMA user_version = 5;");

        using SqliteObjectStore second = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks);
        ObjectListPage bySize = await second.ListObjectsAsync("alice", "alice", "c", new ListObjectsOptions { Sort = [new ObjectSortKey(ObjectSortField.Size, false)] });
        ObjectListPage small = await second.ListObjectsAsync("alice", "alice", "c", new ListObjectsOptions { MaxSize = 25 });

        (await ScalarAsync(database, "PRAGMA user_version")).Should().Be((long)SqliteSchema.CurrentVersion);
        (await ScalarAsync(database, WrongLiveColumns)).Should().Be(0L);
        (await ScalarAsync(database, "SELECT COUNT(*) FROM objects WHERE live_size IS NULL")).Should().Be(1L, "the deleted object has no live version");
        bySize.Entries.Select(e => (e.Name, e.Info!.Size)).Should().Equal(("b", 20L), ("a", 30L));
        small.Entries.Select(e => e.Name).Should().Equal("b");
    }

    /// <summary>
    /// Past the probe limit a filter does not drive the listing (the names are walked, or the equality filter's index);
    /// whichever way a page is read, every page is the same. The limit is lowered so that a few objects reach it.
    /// </summary>
    [Test]
    public async Task ListObjectsAsync_AnyProbeLimit_GivesTheSamePages()
    {
        using SqliteObjectStore store = await OpenAsync(NewDatabasePath());
        await store.EnsureAccountAsync("alice", "alice");
        await store.EnsureContainerAsync("alice", "alice", "c");
        for (int i = 0; i < 12; i++)
        {
            var metadata = new Dictionary<string, string> { ["n"] = i.ToString("D2", CultureInfo.InvariantCulture), ["os"] = i % 3 == 0 ? "linux" : "bsd" };
            await store.WriteAsync("alice", new ObjectPath("alice", "c", $"d{i % 2}/o{i:D2}"), new MemoryStream(new byte[i]), new ObjectWriteOptions { MetadataDomain = "plankton", Metadata = metadata });
        }

        async Task<List<string>> ListAllAsync(int probeLimit)
        {
            store.DriveProbeLimit = probeLimit;
            var results = new List<string>();
            foreach (string[] filters in new[] { ["n >= 05"], ["n < 03", "os = bsd"], ["os = linux", "n > 02"], new[] { "os" } })
            {
                foreach ((long? maxSize, char? delimiter) in new (long?, char?)[] { (null, null), (7, null), (null, '/') })
                {
                    var options = new ListObjectsOptions { Domain = "plankton", Filters = [.. filters.Select(AttributeFilter.Parse)], MaxSize = maxSize, Delimiter = delimiter, Limit = 2 };
                    var names = new List<string>();
                    do
                    {
                        ObjectListPage page = await store.ListObjectsAsync("alice", "alice", "c", options);
                        names.AddRange(page.Entries.Select(e => e.Name));
                        options.Marker = page.NextMarker;
                    }
                    while (options.Marker is not null);

                    results.Add($"{string.Join(" & ", filters)} max {maxSize} delimiter {delimiter}: {string.Join(", ", names)}");
                }
            }

            return results;
        }

        List<string> driven = await ListAllAsync(CatalogueObjectStore.DefaultDriveProbeLimit);
        List<string> walked = await ListAllAsync(1);
        List<string> mixed = await ListAllAsync(4);

        walked.Should().Equal(driven);
        mixed.Should().Equal(driven);
        driven.Should().Contain("n >= 05 max 7 delimiter : d0/o06, d1/o05, d1/o07").And.Contain("os max  delimiter /: d0/, d1/");
    }

    /// <summary>Takes a catalogue back to schema version 5 (the live size and uuid of version 6 dropped).</summary>
    private const string DropVersion6 = """
        DROP TRIGGER tr_objects_live_latest; DROP TRIGGER tr_objects_live_cluster;
        DROP INDEX ix_objects_live_size; DROP INDEX ix_objects_live_size_desc; DROP INDEX ix_objects_live_uuid;
        ALTER TABLE objects DROP COLUMN live_size; ALTER TABLE objects DROP COLUMN live_uuid;

        """;

    /// <summary>The objects whose live size or uuid is not their live latest version's (empty when the columns are right).</summary>
    private const string WrongLiveColumns = """
        SELECT COUNT(*) FROM objects o LEFT JOIN versions v ON v.serial = o.latest_serial AND v.cluster = 0
        WHERE o.live_size IS NOT v.size OR o.live_uuid IS NOT v.uuid
        """;

    /// <summary>Takes a catalogue back to schema version 2 (the listing index of version 3 dropped).</summary>
    private const string DropVersion5 = """
        DROP TABLE public_urls;

        """;

    private const string DropVersion4 = """
        DROP TRIGGER tr_versions_refs_insert; DROP TRIGGER tr_versions_refs_delete;
        DROP TABLE block_pins; DROP TABLE leases; DROP TABLE blocks; DROP TABLE damaged_blocks; DROP TABLE maintenance_state;

        """;

    private const string DropVersion3 = """
        DROP TRIGGER tr_listing_latest; DROP TRIGGER tr_listing_insert; DROP TRIGGER tr_listing_update;
        DROP TRIGGER tr_listing_delete; DROP TRIGGER tr_listing_cluster; DROP TABLE listing; DROP TABLE listing_counts;

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
