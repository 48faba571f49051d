using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>The SQLite catalogue (a real temp file, WAL) over the in-memory block store.</summary>
[TestFixture]
public sealed class SqliteInMemoryBlocksObjectStoreTests : ObjectStoreContractTests
{
    private TempDirectory? _fixtureDirectory;
    private string? _root;

    [OneTimeSetUp]
    public void CreateFixtureDirectory() => _fixtureDirectory = new TempDirectory();

    [OneTimeTearDown]
    public void DeleteFixtureDirectory()
    {
        SqliteConnectionFactory.ClearAllPools();
        _fixtureDirectory?.Dispose();
    }
    private InMemoryBlockStore? _blocks;

    protected override async ValueTask<IObjectStore> CreateStoreAsync(TimeProvider time)
    {
        _root = _fixtureDirectory!.CreateSubdirectory();
        _blocks = new InMemoryBlockStore(BlockSize);
        return await OpenAsync(time);
    }

    protected override async ValueTask<IObjectStore> ReopenStoreAsync(TimeProvider time) => await OpenAsync(time);

    protected override Task<long> CountCatalogueRowsAsync() => SqliteCatalogue.CountRowsAsync(DatabasePath);

    protected override Task<string> DescribeStorageAsync() => SqliteCatalogue.DescribeAsync(DatabasePath, blockRoot: null);

    protected override Task<string> DescribeReferencedStorageAsync() => SqliteCatalogue.DescribeAsync(DatabasePath, blockRoot: null, unreferencedBlocks: false);

    protected override void CleanUpAfterTest()
    {
        SqliteConnectionFactory.ClearAllPools();
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _root = null;
        _blocks = null;
    }

    private string DatabasePath => Path.Combine(_root!, "catalogue.db");

    private async Task<SqliteObjectStore> OpenAsync(TimeProvider time) =>
        await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = DatabasePath }, _blocks!, time);
}
