using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Dapper;
using Npgsql;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects.Catalogue;

namespace Plankton.Core.PostgreSql;

/// <summary>
/// The PostgreSQL engine of the catalogue: pooled connections from one <see cref="NpgsqlDataSource"/> whose search
/// path is the catalogue's schema, and write transactions that serialise on a transaction-scoped advisory lock.
/// </summary>
/// <remarks>
/// Every writer of the catalogue, in any process on any host, takes the same advisory lock as the first statement of
/// its READ COMMITTED transaction, so write transactions run one at a time and each statement sees every earlier
/// commit: the semantics SQLite's <c>BEGIN IMMEDIATE</c> gives the shared logic (read, check, write, commit), with no
/// serialisation failures to retry. Readers take no lock and never wait. Write transactions are short (the blocks are
/// stored before the transaction begins), so one writer at a time is not the limit a service meets first.
/// </remarks>
internal sealed class PostgreSqlCatalogueDialect : ICatalogueDialect, IDisposable
{
    private const string TakeWriterLock =
        "SELECT set_config('lock_timeout', @LockTimeout, true), pg_advisory_xact_lock(hashtextextended(@LockName, 0))";

    private const string RelaxedCommit = "SET synchronous_commit = off";

    private readonly NpgsqlDataSource _dataSource;
    private readonly object _lockParameters;

    public PostgreSqlCatalogueDialect(PostgreSqlObjectStoreOptions options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString) { SearchPath = options.Schema };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        Schema = options.Schema;
        Database = builder.Database ?? builder.Username ?? "postgres";
        _lockParameters = new
        {
            LockTimeout = ((long)options.LockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            LockName = "plankton-catalogue:" + options.Schema,
        };
    }

    /// <summary>Gets the schema holding the catalogue.</summary>
    public string Schema { get; }

    /// <summary>Gets the database name, for messages.</summary>
    public string Database { get; }

    public string MetadataOfSerials => SortedListSql.MetadataOfSerialsArray;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public DbConnection Open() => _dataSource.OpenConnection();

    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        DbTransaction transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(TakeWriterLock, _lockParameters, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public DbTransaction BeginWrite(DbConnection connection)
    {
        DbTransaction transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        try
        {
            connection.Execute(TakeWriterLock, _lockParameters, transaction);
            return transaction;
        }
        catch
        {
            transaction.Dispose();
            throw;
        }
    }

    public Task RelaxDurabilityAsync(DbConnection connection, CancellationToken cancellationToken) =>
        // A session setting; Npgsql resets the session (DISCARD ALL) when the connection returns to the pool.
        connection.ExecuteAsync(new CommandDefinition(RelaxedCommit, cancellationToken: cancellationToken));

    public bool TryTranslate(DbException exception, string path, [NotNullWhen(true)] out PlanktonException? translated)
    {
        translated = PostgreSqlErrorTranslator.Translate(exception, path, $"{Database}/{Schema}");
        return translated is not null;
    }

    public void ClearPool() => _dataSource.Dispose();

    public void Dispose() => _dataSource.Dispose();
}
