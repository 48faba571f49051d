using System.Data.Common;
using Dapper;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects.Catalogue.TypeHandlers;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// The <see cref="IObjectStore"/> over a relational catalogue: the logic and SQL shared by every catalogue engine
/// (the embedded <see cref="Sqlite.SqliteObjectStore"/>, and PostgreSQL in the <c>Plankton.Core.PostgreSql</c>
/// package). An engine supplies its connections, write transactions, schema and error translation through an
/// internal dialect; the statements (<see cref="Sql"/>) are written in the subset both engines share.
/// </summary>
/// <remarks>
/// <para>Thread-safe: each operation opens its own pooled connection, and every change runs in one write
/// transaction, and write transactions of one catalogue run one at a time whatever process or host runs them (SQLite's
/// write lock; a transaction-scoped advisory lock on PostgreSQL). Blocks are made durable (ingested or checked
/// present) before the transaction that records the version, so a crash never leaves a version pointing at a missing
/// block.</para>
/// <para>The store does not own the block store: disposing it releases the catalogue's pooled connections only.
/// Provider errors are translated at the boundary (a busy catalogue and constraint violations become
/// <see cref="ObjectConflictException"/>, a damaged or foreign database <see cref="StoreConfigurationException"/>,
/// an unreachable server <see cref="CatalogueUnavailableException"/>).</para>
/// </remarks>
public abstract partial class CatalogueObjectStore : IObjectStore, IDisposable
{
    private readonly ICatalogueDialect _dialect;
    private readonly IBlockStore _blocks;
    private readonly TimeProvider _time;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeSpan _leaseDuration;
    private volatile bool _disposed;

    static CatalogueObjectStore() => TypeHandlerRegistration.EnsureRegistered();

    /// <summary>Creates the store over an open, current catalogue; <see cref="OpenCoreAsync"/> then recovers it.</summary>
    internal CatalogueObjectStore(ICatalogueDialect dialect, IBlockStore blocks, TimeProvider? time, TimeSpan busyTimeout, TimeSpan leaseDuration, int listScanLimit)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfLessThan(busyTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseDuration, TimeSpan.FromSeconds(1));
        ArgumentOutOfRangeException.ThrowIfLessThan(listScanLimit, 1);
        ListScanLimit = listScanLimit;
        _dialect = dialect;
        _blocks = blocks;
        _time = time ?? TimeProvider.System;
        _busyTimeout = busyTimeout;
        _leaseDuration = leaseDuration;
    }

    /// <inheritdoc/>
    public IBlockStore Blocks => _blocks;

    /// <summary>The engine of this catalogue (connections, transactions, error translation).</summary>
    internal ICatalogueDialect Dialect => _dialect;

    /// <summary>Finishes opening: recovers what crashed processes left (dead leases, half-finished deletions); disposes the store on failure.</summary>
    internal async ValueTask OpenCoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Opening recovers by itself: leases of dead processes go, deletions a crashed collector began are finished.
            await RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Releases the catalogue's pooled connections; the block store stays open.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the catalogue's pooled connections when <paramref name="disposing"/>.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _dialect.ClearPool();
        }
    }

    /// <inheritdoc/>
    public ValueTask<bool> EnsureAccountAsync(string userId, string account, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectAccess.DemandOwner(userId, account, account);
        return RunAsync(account, async (connection, ct) =>
        {
            int inserted = await connection.ExecuteAsync(new CommandDefinition(Sql.InsertAccount, new { Account = account }, cancellationToken: ct)).ConfigureAwait(false);
            return inserted > 0;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<VersioningPolicy> EnsureContainerAsync(
        string userId,
        string account,
        string container,
        VersioningPolicy policy = VersioningPolicy.Auto,
        CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateContainer(container);
        ValidatePolicy(policy);

        string path = $"{account}/{container}";
        ObjectAccess.DemandOwner(userId, account, path);
        return RunAsync(path, async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            LocateRow located = await LocateAsync(connection, transaction, account, container, string.Empty, ct).ConfigureAwait(false)
                ?? throw new ObjectNotFoundException(ObjectNotFoundKind.Account, account);
            var parameters = new { located.AccountId, Container = container, Versioning = (long)policy };
            await connection.ExecuteAsync(new CommandDefinition(Sql.InsertContainer, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            long actual = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(Sql.SelectContainerPolicy, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return (VersioningPolicy)actual;
        }, cancellationToken);
    }

    /// <summary>Runs one unit of work on a fresh pooled connection, translating provider errors.</summary>
    private async ValueTask<T> RunAsync<T>(string path, Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            DbConnection connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (_dialect.TryTranslate(ex, path, out PlanktonException? translated))
        {
            throw translated;
        }
    }

    private static Task<LocateRow?> LocateAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string account,
        string container,
        string name,
        CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<LocateRow>(new CommandDefinition(
            Sql.Locate,
            new { Account = account, Container = container, Name = name },
            transaction,
            cancellationToken: cancellationToken));

    /// <summary>Locates a path and checks that its account and container exist.</summary>
    private static async Task<LocateRow> LocateContainerAsync(
        DbConnection connection,
        DbTransaction? transaction,
        ObjectPath path,
        CancellationToken cancellationToken)
    {
        LocateRow? located = await LocateAsync(connection, transaction, path.Account, path.Container, path.Name, cancellationToken).ConfigureAwait(false);
        if (located is null)
        {
            throw new ObjectNotFoundException(ObjectNotFoundKind.Account, path.Account);
        }

        if (located.ContainerId is null)
        {
            throw new ObjectNotFoundException(ObjectNotFoundKind.Container, $"{path.Account}/{path.Container}");
        }

        return located;
    }

    /// <summary>Locates a path whose object must exist (live or deleted with history).</summary>
    private static async Task<LocateRow> LocateObjectAsync(
        DbConnection connection,
        DbTransaction? transaction,
        ObjectPath path,
        bool mustBeLive,
        CancellationToken cancellationToken)
    {
        LocateRow located = await LocateContainerAsync(connection, transaction, path, cancellationToken).ConfigureAwait(false);
        if (located.ObjectId is null || (mustBeLive && located.LatestCluster != Sql.ClusterNormal))
        {
            throw new ObjectNotFoundException(ObjectNotFoundKind.Item, path.ToString());
        }

        return located;
    }

    private static ObjectInfo ToInfo(VersionRow row) => new(
        new ObjectPath(row.Account, row.Container, row.Name),
        row.Uuid,
        row.Serial,
        row.Size,
        row.ContentType,
        new BlockHash(row.Hash),
        checked((int)row.BlockSize),
        row.Timestamp,
        row.ModifiedBy);

    /// <summary>Validates the arguments every path operation has; access is checked against the catalogue by <see cref="DemandAsync"/>.</summary>
    private static void ValidateUserAndPath(string userId, ObjectPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ObjectNames.ValidateUser(userId);
    }
}
