using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects.Catalogue;

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
public sealed class SqliteObjectStore : CatalogueObjectStore
{
    private SqliteObjectStore(SqliteConnectionFactory factory, IBlockStore blocks, TimeProvider? time, SqliteObjectStoreOptions options)
        : base(new SqliteCatalogueDialect(factory), blocks, time, options.BusyTimeout, options.LeaseDuration, options.ListScanLimit)
    {
    }

    /// <summary>Opens a catalogue, creating the database file and its schema (or migrating it) when needed.</summary>
    /// <param name="options">The database path and busy timeout.</param>
    /// <param name="blocks">The block store holding the objects' data; not owned (not disposed with the store).</param>
    /// <param name="timeProvider">The clock for version timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="blocks"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The database path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The busy timeout is negative, the lease duration under one second, or the list scan limit under 1.</exception>
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
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ListScanLimit, 1, nameof(options));

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

        var store = new SqliteObjectStore(factory, blocks, timeProvider, options);
        await store.OpenCoreAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }
}
