using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The storage of <see cref="SqliteFileSystemObjectStoreTests"/>: a SQLite catalogue file beside a file-system block store, in a temp folder. Abstract so that a
/// fixture in another assembly reuses it: Plankton.Core.PublicApi.Tests runs the suite again through an outsider's
/// decorator (<see cref="ObjectStoreContractTests.Decorate"/>).
/// </summary>
public abstract class SqliteFileSystemObjectStoreFixtureBase : ObjectStoreContractTests
{
    private readonly List<FileSystemBlockStore> _blockStores = [];
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

    protected override async ValueTask<IObjectStore> CreateStoreAsync(TimeProvider time)
    {
        _root = _fixtureDirectory!.CreateSubdirectory();
        return await OpenAsync(time);
    }

    protected override async ValueTask<IObjectStore> ReopenStoreAsync(TimeProvider time) => await OpenAsync(time);

    protected override Task<long> CountCatalogueRowsAsync() => SqliteCatalogue.CountRowsAsync(DatabasePath);

    protected override Task<string> DescribeStorageAsync() => SqliteCatalogue.DescribeAsync(DatabasePath, Path.Combine(_root!, "blocks"));

    protected override Task<string> DescribeReferencedStorageAsync() => SqliteCatalogue.DescribeAsync(DatabasePath, blockRoot: null, unreferencedBlocks: false);

    protected override void CleanUpAfterTest()
    {
        foreach (FileSystemBlockStore blocks in _blockStores)
        {
            blocks.Dispose();
        }

        _blockStores.Clear();
        SqliteConnectionFactory.ClearAllPools();
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _root = null;
    }

    private string DatabasePath => Path.Combine(_root!, "catalogue.db");

    private async Task<SqliteObjectStore> OpenAsync(TimeProvider time)
    {
        // A new block-store instance per opening, as a restarted process would have.
        var blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = Path.Combine(_root!, "blocks"), BlockSize = BlockSize });
        _blockStores.Add(blocks);
        return await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = DatabasePath }, blocks, time);
    }
}

/// <summary>The embedded default: a SQLite catalogue file beside a file-system block store, in a temp folder.</summary>
[TestFixture]
public sealed class SqliteFileSystemObjectStoreTests : SqliteFileSystemObjectStoreFixtureBase
{
}
