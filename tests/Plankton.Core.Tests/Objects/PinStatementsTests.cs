using System.Data.Common;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Exceptions;
using Plankton.Core.Objects.Catalogue;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>The pin transaction of a lease on the lease's own, long-lived connection.</summary>
[TestFixture]
public sealed class PinStatementsTests
{
    /// <summary>
    /// A lease's connection that an earlier transaction lost (a PostgreSQL server gone: CI saw the next pin group fail
    /// with Npgsql's bare InvalidOperationException) fails every later pin with the typed "catalogue unavailable".
    /// </summary>
    [Test]
    public async Task Pin_OnAConnectionNoLongerOpen_ThrowsCatalogueUnavailableExceptionNamingIt()
    {
        using var directory = new TempDirectory();
        string database = directory.Combine("catalogue.db");
        using (await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, new InMemoryBlockStore(4096)))
        {
        }

        var factory = new SqliteConnectionFactory(database, TimeSpan.FromSeconds(5));
        DbConnection connection = factory.Open();
        try
        {
            using var statements = new PinStatements(new SqliteCatalogueDialect(factory), connection, leaseId: 1);
            await connection.CloseAsync();

            Action pin = () => statements.Pin([SqliteBlockReferenceTests.Hash(1)], [], [], CancellationToken.None);

            pin.Should().Throw<CatalogueUnavailableException>().WithMessage("*connection*lease is Closed*");
        }
        finally
        {
            await connection.DisposeAsync();
            factory.ClearPool();
        }
    }
}
