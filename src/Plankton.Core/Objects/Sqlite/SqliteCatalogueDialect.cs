using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Dapper;
using Microsoft.Data.Sqlite;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects.Catalogue;

namespace Plankton.Core.Objects.Sqlite;

/// <summary>The SQLite engine of the catalogue: connections from <see cref="SqliteConnectionFactory"/>, <c>BEGIN IMMEDIATE</c> writes.</summary>
internal sealed class SqliteCatalogueDialect : ICatalogueDialect
{
    private readonly SqliteConnectionFactory _factory;

    public SqliteCatalogueDialect(SqliteConnectionFactory factory) => _factory = factory;

    public string MetadataOfSerials => SortedListSql.MetadataOfSerials;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _factory.OpenAsync(cancellationToken).ConfigureAwait(false);

    public DbConnection Open() => _factory.Open();

    public Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(BeginWrite(connection));
    }

    // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for a deferred transaction: the write lock is taken now.
    public DbTransaction BeginWrite(DbConnection connection) => ((SqliteConnection)connection).BeginTransaction(deferred: false);

    public Task RelaxDurabilityAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(SqliteConnectionFactory.RelaxedSynchronous, cancellationToken: cancellationToken));

    public bool TryTranslate(DbException exception, string path, [NotNullWhen(true)] out PlanktonException? translated)
    {
        translated = null;
        return exception is SqliteException sqlite && SqliteErrorTranslator.TryTranslate(sqlite, path, out translated);
    }

    public void ClearPool() => _factory.ClearPool();
}
