using Dapper;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects.Sqlite.TypeHandlers;

namespace Plankton.Core.Objects.Sqlite;

/// <summary>
/// The embedded <see cref="IObjectStore"/>: a SQLite catalogue (WAL, <c>synchronous=FULL</c>, foreign keys on) over
/// any <see cref="IBlockStore"/>, usually a file-system store beside the database file.
/// </summary>
/// <remarks>
/// <para>Thread-safe: each operation opens its own pooled connection, and every change runs in one
/// <c>BEGIN IMMEDIATE</c> transaction. Blocks are made durable (ingested or checked present) before the transaction
/// that records the version, so a crash never leaves a version pointing at a missing block.</para>
/// <para>The store does not own the block store: disposing it closes the catalogue's pooled connections only.
/// Provider errors are translated at the boundary (busy/locked and constraint violations become
/// <see cref="ObjectConflictException"/>, a damaged file <see cref="StoreConfigurationException"/>).</para>
/// </remarks>
public sealed partial class SqliteObjectStore : IObjectStore, IDisposable
{
    private readonly SqliteConnectionFactory _factory;
    private readonly IBlockStore _blocks;
    private readonly TimeProvider _time;
    private readonly TimeSpan _busyTimeout;
    private readonly TimeSpan _leaseDuration;
    private volatile bool _disposed;

    static SqliteObjectStore() => TypeHandlerRegistration.EnsureRegistered();

    private SqliteObjectStore(SqliteConnectionFactory factory, IBlockStore blocks, TimeProvider time, SqliteObjectStoreOptions options)
    {
        _factory = factory;
        _blocks = blocks;
        _time = time;
        _busyTimeout = options.BusyTimeout;
        _leaseDuration = options.LeaseDuration;
    }

    /// <inheritdoc/>
    public IBlockStore Blocks => _blocks;

    /// <summary>Opens a catalogue, creating the database file and its schema (or migrating it) when needed.</summary>
    /// <param name="options">The database path and busy timeout.</param>
    /// <param name="blocks">The block store holding the objects' data; not owned (not disposed with the store).</param>
    /// <param name="timeProvider">The clock for version timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="blocks"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The database path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The busy timeout is negative, or the lease duration under one second.</exception>
    /// <exception cref="StoreConfigurationException">The database was made by a newer version, or is not a catalogue.</exception>
    public static async ValueTask<SqliteObjectStore> OpenAsync(
        SqliteObjectStoreOptions options,
        IBlockStore blocks,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DatabasePath, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LeaseDuration, TimeSpan.FromSeconds(1), nameof(options));

        var factory = new SqliteConnectionFactory(Path.GetFullPath(options.DatabasePath), options.BusyTimeout);
        try
        {
            await SqliteSchema.EnsureCurrentAsync(factory, cancellationToken).ConfigureAwait(false);
        }
        catch (SqliteException ex) when (SqliteErrorTranslator.TryTranslate(ex, options.DatabasePath, out PlanktonException? translated))
        {
            factory.ClearPool();
            throw translated;
        }

        var store = new SqliteObjectStore(factory, blocks, timeProvider ?? TimeProvider.System, options);
        try
        {
            // Opening recovers by itself: leases of dead processes go, deletions a crashed collector began are finished.
            await store.RecoverAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            store.Dispose();
            throw;
        }

        return store;
    }

    /// <summary>Closes the catalogue's pooled connections; the block store stays open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _factory.ClearPool();
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
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "The versioning policy must be Auto or None.");
        }

        string path = $"{account}/{container}";
        ObjectAccess.DemandOwner(userId, account, path);
        return RunAsync(path, async (connection, ct) =>
        {
            using SqliteTransaction transaction = connection.BeginTransaction();
            LocateRow located = await LocateAsync(connection, transaction, account, container, string.Empty, ct).ConfigureAwait(false)
                ?? throw new ObjectNotFoundException(ObjectNotFoundKind.Account, account);
            var parameters = new { located.AccountId, Container = container, Versioning = (long)policy };
            await connection.ExecuteAsync(new CommandDefinition(Sql.InsertContainer, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            long actual = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(Sql.SelectContainerPolicy, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            transaction.Commit();
            return (VersioningPolicy)actual;
        }, cancellationToken);
    }

    /// <summary>Runs one unit of work on a fresh pooled connection, translating provider errors.</summary>
    private async ValueTask<T> RunAsync<T>(string path, Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            SqliteConnection connection = await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException ex) when (SqliteErrorTranslator.TryTranslate(ex, path, out PlanktonException? translated))
        {
            throw translated;
        }
    }

    private static Task<LocateRow?> LocateAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
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
        SqliteConnection connection,
        SqliteTransaction? transaction,
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
        SqliteConnection connection,
        SqliteTransaction? transaction,
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
