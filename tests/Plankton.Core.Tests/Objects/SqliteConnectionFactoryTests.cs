using Microsoft.Data.Sqlite;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>Connections from the factory start clean, whatever the previous user of a pooled handle left behind.</summary>
[TestFixture]
public sealed class SqliteConnectionFactoryTests
{
    [Test]
    public async Task OpenAsync_PooledHandleLeftInsideATransaction_StartsOutsideAnyTransactionWithItsPragmas()
    {
        using var directory = new TempDirectory();
        var factory = new SqliteConnectionFactory(directory.Combine("pool.db"), TimeSpan.FromSeconds(5));
        await using (SqliteConnection first = await factory.OpenAsync(CancellationToken.None))
        {
            await using SqliteCommand begin = first.CreateCommand();
            begin.CommandText = "CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)";
            await begin.ExecuteNonQueryAsync();
        }

        await using SqliteConnection second = await factory.OpenAsync(CancellationToken.None);
        await using SqliteCommand read = second.CreateCommand();
        read.CommandText = "PRAGMA synchronous";

        SQLitePCL.raw.sqlite3_get_autocommit(second.Handle).Should().Be(1, "no transaction is open on a connection the factory hands out");
        (await read.ExecuteScalarAsync()).Should().Be(2L, "synchronous = FULL was set");
        read.CommandText = "SELECT COUNT(*) FROM t";
        (await read.ExecuteScalarAsync()).Should().Be(0L, "the abandoned insert was rolled back");
        SqliteConnectionFactory.ClearAllPools();
    }

    [Test]
    public void Open_TimerCallbacksConnection_HasForeignKeysAndTheStrposFunction()
    {
        using var directory = new TempDirectory();
        var factory = new SqliteConnectionFactory(directory.Combine("sync.db"), TimeSpan.FromSeconds(5));
        var dialect = new SqliteCatalogueDialect(factory);

        using (var connection = (SqliteConnection)dialect.Open())
        {
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA foreign_keys";
            command.ExecuteScalar().Should().Be(1L, "a lease deleted from a timer callback must cascade to its pins");
            command.CommandText = "SELECT strpos('abc', 'c')";
            command.ExecuteScalar().Should().Be(3L);
        }

        SqliteConnectionFactory.ClearAllPools();
    }
}
