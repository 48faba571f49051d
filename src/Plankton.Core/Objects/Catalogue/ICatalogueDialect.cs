using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// What one catalogue engine supplies to <see cref="CatalogueObjectStore"/>: pooled connections with the engine's
/// session settings and helper functions, write transactions that serialise with every other writer of the same
/// catalogue, and the translation of provider errors. The shared statements (<see cref="Sql"/>) and all store logic
/// stay engine-neutral; schemas and migrations are the engine's own.
/// </summary>
internal interface ICatalogueDialect
{
    /// <summary>
    /// Gets the statement reading one domain's metadata of a list of serials (<see cref="SortedListSql.MetadataOfSerials"/>
    /// or <see cref="SortedListSql.MetadataOfSerialsArray"/>): the one place where the engines need different text,
    /// because Dapper binds a list as one array on engines that have arrays and as a parameter per item elsewhere.
    /// </summary>
    string MetadataOfSerials { get; }

    /// <summary>Opens a pooled connection, ready for the shared statements; the caller disposes it.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open connection.</returns>
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Opens a pooled connection synchronously (timer callbacks such as lease renewal).</summary>
    /// <returns>The open connection.</returns>
    DbConnection Open();

    /// <summary>
    /// Begins a write transaction that holds the catalogue's writer lock from its first statement, so that what it
    /// reads stays true until it commits (SQLite <c>BEGIN IMMEDIATE</c>; PostgreSQL a transaction-scoped advisory lock).
    /// </summary>
    /// <param name="connection">An open connection of this dialect.</param>
    /// <param name="cancellationToken">Cancels waiting for the lock.</param>
    /// <returns>The transaction.</returns>
    Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="BeginWriteAsync"/>, synchronously: for the pin group commit, which runs on the ingestion pipeline's
    /// dedicated worker threads.
    /// </summary>
    /// <param name="connection">An open connection of this dialect.</param>
    /// <returns>The transaction.</returns>
    DbTransaction BeginWrite(DbConnection connection);

    /// <summary>
    /// Lets the transaction about to begin on <paramref name="connection"/> commit without waiting for the disk (upload
    /// pins: lost with the machine only, and made durable by any later full commit). Call before
    /// <see cref="BeginWriteAsync"/>; the connection's next open restores full durability.
    /// </summary>
    /// <param name="connection">An open connection of this dialect, outside any transaction.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when set.</returns>
    Task RelaxDurabilityAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Translates a provider error, when it is one the library gives meaning to.</summary>
    /// <param name="exception">The provider error.</param>
    /// <param name="path">What the operation was on, for the message.</param>
    /// <param name="translated">The Plankton exception to throw instead.</param>
    /// <returns><see langword="true"/> when translated; <see langword="false"/> to let the provider error through.</returns>
    bool TryTranslate(DbException exception, string path, [NotNullWhen(true)] out PlanktonException? translated);

    /// <summary>Releases the pooled connections of this catalogue.</summary>
    void ClearPool();
}
