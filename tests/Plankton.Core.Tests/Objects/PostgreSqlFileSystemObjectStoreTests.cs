using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The storage of <see cref="PostgreSqlFileSystemObjectStoreTests"/>: a PostgreSQL catalogue (a schema of its own
/// per test) beside a file-system block store, in a temp folder. Abstract so that a fixture in another assembly
/// reuses it: Plankton.Core.PublicApi.Tests runs the suite again through an outsider's decorator
/// (<see cref="ObjectStoreContractTests.Decorate"/>).
/// </summary>
public abstract class PostgreSqlFileSystemObjectStoreFixtureBase : ObjectStoreContractTests
{
    private readonly List<FileSystemBlockStore> _blockStores = [];
    private TempDirectory? _fixtureDirectory;
    private string _connectionString = string.Empty;
    private PostgreSqlObjectStoreOptions? _options;
    private string? _root;

    [OneTimeSetUp]
    public void ConnectAndCreateFixtureDirectory()
    {
        _connectionString = PostgreSqlTestServer.ConnectionStringOrSkip();
        _fixtureDirectory = new TempDirectory();
    }

    [OneTimeTearDown]
    public void DeleteFixtureDirectory() => _fixtureDirectory?.Dispose();

    protected override async ValueTask<IObjectStore> CreateStoreAsync(TimeProvider time)
    {
        _root = _fixtureDirectory!.CreateSubdirectory();
        _options = PostgreSqlTestServer.NewOptions(_connectionString);
        return await OpenAsync(time);
    }

    protected override async ValueTask<IObjectStore> ReopenStoreAsync(TimeProvider time) => await OpenAsync(time);

    protected override Task<long> CountCatalogueRowsAsync() => PostgreSqlTestServer.CountRowsAsync(_connectionString, _options!.Schema);

    protected override Task<string> DescribeStorageAsync() =>
        PostgreSqlTestServer.DescribeAsync(_connectionString, _options!.Schema, Path.Combine(_root!, "blocks"));

    protected override Task<string> DescribeReferencedStorageAsync() =>
        PostgreSqlTestServer.DescribeAsync(_connectionString, _options!.Schema, blockRoot: null, unreferencedBlocks: false);

    protected override void CleanUpAfterTest()
    {
        foreach (FileSystemBlockStore blocks in _blockStores)
        {
            blocks.Dispose();
        }

        _blockStores.Clear();
        if (_options is not null)
        {
            PostgreSqlTestServer.DropSchemaAsync(_connectionString, _options.Schema).GetAwaiter().GetResult();
        }

        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _options = null;
        _root = null;
    }

    private async Task<PostgreSqlObjectStore> OpenAsync(TimeProvider time)
    {
        // A new block-store instance per opening, as a restarted process would have.
        var blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = Path.Combine(_root!, "blocks"), BlockSize = BlockSize });
        _blockStores.Add(blocks);
        return await PostgreSqlObjectStore.OpenAsync(_options!, blocks, time);
    }
}

/// <summary>The PostgreSQL catalogue (a schema of its own per test) beside a file-system block store in a temp folder.</summary>
[TestFixture]
public sealed class PostgreSqlFileSystemObjectStoreTests : PostgreSqlFileSystemObjectStoreFixtureBase
{
}
