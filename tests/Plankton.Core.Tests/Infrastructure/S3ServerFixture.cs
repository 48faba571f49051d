using Plankton.Core.S3;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A fixture that talks to the S3 server of <see cref="S3TestServer"/> (connected once, its objects deleted at the
/// end), usually through a <see cref="CuttableTcpProxy"/> so that a test can count what is sent and take the server away.
/// </summary>
public abstract class S3ServerFixture
{
    private S3TestServer? _server;

    private protected S3TestServer Server => _server ?? throw new InvalidOperationException("No S3 server.");

    [OneTimeSetUp]
    public async Task ConnectAsync() => _server = await S3TestServer.ConnectOrSkipAsync();

    [OneTimeTearDown]
    public async Task DisconnectAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Options for a store under a new prefix that reaches the server through <paramref name="proxy"/>, with quick, bounded retries.</summary>
    private protected S3BlockStoreOptions ThroughProxy(CuttableTcpProxy proxy, int blockSize)
    {
        S3BlockStoreOptions options = Server.NewOptions(blockSize);
        options.ServiceUrl = proxy.Endpoint;
        options.MaxRetries = 2;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        options.MaxRetryDelay = TimeSpan.FromMilliseconds(200);
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        return options;
    }
}
