using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>What only the PostgreSQL catalogue's schema has to prove: its migrations over existing data.</summary>
[TestFixture]
public sealed class PostgreSqlSchemaTests
{
    /// <summary>Takes a catalogue back to schema version 5 (the live size and uuid of version 6 dropped).</summary>
    private const string DropVersion6 = """
        DROP TRIGGER tr_objects_live_latest ON objects; DROP FUNCTION tr_objects_live_latest();
        DROP TRIGGER tr_objects_live_cluster ON versions; DROP FUNCTION tr_objects_live_cluster();
        ALTER TABLE objects DROP COLUMN live_size, DROP COLUMN live_uuid;
        DELETE FROM schema_version WHERE version = 6;
        """;

    /// <summary>The objects whose live size or uuid is not their live latest version's.</summary>
    private const string WrongLiveColumns = """
        SELECT COUNT(*) FROM objects o LEFT JOIN versions v ON v.serial = o.latest_serial AND v.cluster = 0
        WHERE o.live_size IS DISTINCT FROM v.size OR o.live_uuid IS DISTINCT FROM v.uuid
        """;

    private string _connectionString = string.Empty;

    [OneTimeSetUp]
    public void Connect() => _connectionString = PostgreSqlTestServer.ConnectionStringOrSkip();

    [Test]
    public async Task OpenAsync_Version5Schema_MigratesToVersion6AndFillsTheLiveSizeAndUuid()
    {
        PostgreSqlObjectStoreOptions options = PostgreSqlTestServer.NewOptions(_connectionString);
        var blocks = new InMemoryBlockStore(4096);
        try
        {
            using (PostgreSqlObjectStore first = await PostgreSqlObjectStore.OpenAsync(options, blocks))
            {
                await LiveColumnsFixture.WriteAsync(first);
                (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, WrongLiveColumns)).Should().Be(0L, "the triggers keep the columns");
            }

            await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, DropVersion6);

            using PostgreSqlObjectStore second = await PostgreSqlObjectStore.OpenAsync(options, blocks);
            ObjectListPage bySize = await second.ListObjectsAsync("alice", "alice", "c", new ListObjectsOptions { Sort = [new ObjectSortKey(ObjectSortField.Size, true)] });

            (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, "SELECT MAX(version) FROM schema_version")).Should().Be(6L);
            (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, WrongLiveColumns)).Should().Be(0L);
            (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, "SELECT COUNT(*) FROM objects WHERE live_size IS NULL")).Should().Be(1L, "the deleted object has no live version");
            bySize.Entries.Select(e => (e.Name, e.Info!.Size)).Should().Equal(("a", 30L), ("b", 20L));
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, options.Schema);
        }
    }
}
