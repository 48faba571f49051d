using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Images;

/// <summary>
/// The Pithos backend scaled out: a PostgreSQL catalogue (a schema of its own per test) over the S3 block store
/// (a key prefix of its own per test), on the servers <c>.ci/run</c> starts.
/// </summary>
[TestFixture]
public sealed class PithosPostgreSqlS3ImageBackendTests : ImageBackendContractTests
{
    private readonly List<IDisposable> _disposables = [];
    private S3TestServer? _server;
    private string _connectionString = string.Empty;
    private PostgreSqlObjectStoreOptions? _options;
    private string? _keyPrefix;
    private PostgreSqlObjectStore? _store;

    [OneTimeSetUp]
    public async Task ConnectAsync()
    {
        _connectionString = PostgreSqlTestServer.ConnectionStringOrSkip();
        _server = await S3TestServer.ConnectOrSkipAsync();
    }

    [OneTimeTearDown]
    public async Task DisconnectAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override async ValueTask<IImageBackend> CreateBackendAsync(TimeProvider time, PlanktonImageOptions? options)
    {
        S3BlockStoreOptions blockOptions = _server!.NewOptions(BlockSize);
        _keyPrefix = blockOptions.KeyPrefix;
        var blocks = new S3BlockStore(blockOptions);
        _disposables.Add(blocks);
        _options = PostgreSqlTestServer.NewOptions(_connectionString);
        _store = await PostgreSqlObjectStore.OpenAsync(_options, blocks, time);
        _disposables.Insert(0, _store);
        return new PithosImageBackend(_store, options, time);
    }

    protected override async Task<string> DescribeStorageAsync()
    {
        string catalogue = await PostgreSqlTestServer.DescribeAsync(_connectionString, _options!.Schema, blockRoot: null);
        List<string> keys = await _server!.ListKeysAsync(_keyPrefix!);
        return catalogue + string.Join('\n', keys.Order(StringComparer.Ordinal));
    }

    protected override ValueTask<Guid> WriteObjectAsync(ObjectPath path, byte[] data) => WriteObjectThroughAsync(_store!, path, data);

    protected override ValueTask<byte[]?> ReadObjectAsync(ObjectPath path) => ReadObjectThroughAsync(_store!, path);

    protected override void CleanUpAfterTest()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        _disposables.Clear();
        _store = null;
        if (_options is not null)
        {
            PostgreSqlTestServer.DropSchemaAsync(_connectionString, _options.Schema).GetAwaiter().GetResult();
        }

        _options = null;
    }
}
