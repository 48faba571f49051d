using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Plankton.Core.Objects.Sqlite;

/// <summary>
/// Owns the connection string of one catalogue database and opens a pooled connection per unit of work with the
/// per-connection pragmas applied (the Npgsql data-source model). One instance per store; thread-safe.
/// </summary>
internal sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _pragmas;

    public SqliteConnectionFactory(string databasePath, TimeSpan busyTimeout)
    {
        int seconds = (int)Math.Ceiling(busyTimeout.TotalSeconds);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = seconds,
        }.ToString();

        // foreign_keys and synchronous are per connection (WAL is set once, in the file, by SqliteSchema);
        // busy_timeout lets SQLite itself wait for the write lock before the provider's own retry loop.
        _pragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds};");
    }

    /// <summary>
    /// Lowers durability for the rest of one connection's unit of work (upload pins: lost with the machine only, and
    /// flushed by any later full commit); the next open restores <c>synchronous = FULL</c>.
    /// </summary>
    public const string RelaxedSynchronous = "PRAGMA synchronous = NORMAL";

    /// <summary>
    /// Serialises pool check-outs in this process: Microsoft.Data.Sqlite's pool can lend one native handle to two
    /// owners when opens race (dotnet/efcore issue 39008: activation marks the handle active before it records its
    /// owner, so a concurrent check-out can reclaim it). An open from the pool takes microseconds, so one lock for
    /// every catalogue costs nothing measurable.
    /// </summary>
    private static readonly Lock s_openLock = new();

    /// <summary>Gets the connection string (used to clear this database's pool).</summary>
    public string ConnectionString => _connectionString;

    /// <summary>Opens a new connection with the pragmas applied; the caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open connection.</returns>
    /// <remarks>Microsoft.Data.Sqlite runs its "async" calls synchronously, so this is <see cref="Open"/>.</remarks>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Open());
    }

    /// <summary>
    /// Opens a new connection with the pragmas applied and the <c>strpos</c> function defined; the caller disposes it.
    /// Every connection of the store comes from here, including the timer callbacks' (lease renewal and release), so
    /// each has <c>foreign_keys = ON</c> (a lease's deletion cascades to its pins) and <c>synchronous = FULL</c>.
    /// </summary>
    /// <returns>The open connection.</returns>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            CheckOut(connection);
            if (SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0)
            {
                // A pooled connection must start outside any transaction (the per-connection pragmas below are
                // refused inside one); end whatever a previous user of this handle left open.
                using SqliteCommand rollback = connection.CreateCommand();
                rollback.CommandText = "ROLLBACK";
                rollback.ExecuteNonQuery();
            }

            connection.CreateFunction<string?, string?, long?>("strpos", StrPos, isDeterministic: true);
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens a connection of this factory's pool under the process-wide check-out lock (see <see cref="s_openLock"/>).</summary>
    private static void CheckOut(SqliteConnection connection)
    {
        lock (s_openLock)
        {
            connection.Open();
        }
    }

    /// <summary>
    /// PostgreSQL's <c>strpos(text, substring)</c>, so that the shared statements can use it: the 1-based position of
    /// the first occurrence in code points (as SQLite's <c>substr</c> and <c>length</c> count), 0 when absent.
    /// </summary>
    private static long? StrPos(string? text, string? substring)
    {
        if (text is null || substring is null)
        {
            return null;
        }

        int index = text.IndexOf(substring, StringComparison.Ordinal);
        if (index < 0)
        {
            return 0;
        }

        long position = 1;
        foreach (Rune _ in text.AsSpan(0, index).EnumerateRunes())
        {
            position++;
        }

        return position;
    }

    /// <summary>Closes the pooled connections of this database (so its files can be deleted or moved), under the check-out lock.</summary>
    public void ClearPool()
    {
        using var connection = new SqliteConnection(_connectionString);
        lock (s_openLock)
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>
    /// Closes the pooled connections of every database of the process, under the check-out lock: a clear that races
    /// a check-out can dispose the native handle the check-out has just taken (seen in CI: an open connection whose
    /// handle was already disposed, while a test in parallel cleared all pools). Tests call this, not
    /// <see cref="SqliteConnection.ClearAllPools"/>.
    /// </summary>
    internal static void ClearAllPools()
    {
        lock (s_openLock)
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
