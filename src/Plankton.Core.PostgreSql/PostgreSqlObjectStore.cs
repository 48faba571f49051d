using System.Data.Common;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects.Catalogue;

namespace Plankton.Core.PostgreSql;

/// <summary>
/// The object store on a PostgreSQL catalogue: the same store as the embedded <c>SqliteObjectStore</c> (one shared
/// implementation, <see cref="CatalogueObjectStore"/>), with its tables in a PostgreSQL schema, so that several
/// service instances on several hosts share one catalogue (and one block store, usually S3).
/// </summary>
/// <remarks>
/// <para>Write transactions of all instances serialise on one advisory lock per catalogue (see docs/scale-out.md);
/// readers never wait. Upload leases identify their process by host, pid and start time: a lease of a process on this
/// host is released as soon as that process is gone, one of another host once it has expired unrenewed.</para>
/// <para>Errors: an unreachable or failing server is a <see cref="CatalogueUnavailableException"/> (the transaction in
/// flight is rolled back by the server; nothing half-done stays), a lock wait past <see cref="PostgreSqlObjectStoreOptions.LockTimeout"/>
/// an <see cref="ObjectConflictException"/>, a missing database or refused login a <see cref="StoreConfigurationException"/>.</para>
/// </remarks>
public sealed class PostgreSqlObjectStore : CatalogueObjectStore
{
    private PostgreSqlObjectStore(PostgreSqlCatalogueDialect dialect, IBlockStore blocks, TimeProvider? time, PostgreSqlObjectStoreOptions options)
        : base(dialect, blocks, time, options.LockTimeout, options.LeaseDuration, options.ListScanLimit)
    {
    }

    /// <summary>Opens a catalogue, creating its schema and tables (or migrating them) when needed.</summary>
    /// <param name="options">The connection string, schema and timeouts.</param>
    /// <param name="blocks">The block store holding the objects' data; not owned (not disposed with the store).</param>
    /// <param name="timeProvider">The clock for version timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or <paramref name="blocks"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The connection string is empty or the schema is not a plain identifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The lock timeout is negative, the lease duration under one second, or the list scan limit under 1.</exception>
    /// <exception cref="CatalogueUnavailableException">The server cannot be reached.</exception>
    /// <exception cref="StoreConfigurationException">The database is missing or refuses the login, or the schema was made by a newer version.</exception>
    public static async ValueTask<PostgreSqlObjectStore> OpenAsync(
        PostgreSqlObjectStoreOptions options,
        IBlockStore blocks,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blocks);
        options.Validate();

        var dialect = new PostgreSqlCatalogueDialect(options);
        try
        {
            DbConnection connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                await PostgreSqlSchema.EnsureCurrentAsync(connection, options.Schema, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DbException ex) when (dialect.TryTranslate(ex, options.Schema, out PlanktonException? translated))
        {
            dialect.Dispose();
            throw translated;
        }
        catch
        {
            dialect.Dispose();
            throw;
        }

        var store = new PostgreSqlObjectStore(dialect, blocks, timeProvider, options);
        await store.OpenCoreAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }
}
