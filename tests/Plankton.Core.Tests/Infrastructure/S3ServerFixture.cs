using Plankton.Core.S3;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A fixture that talks to the S3 server of <see cref="S3TestServer"/> (connected once, its objects deleted at the
/// end), usually through a <see cref="CuttableTcpProxy"/> so that a test can count what is sent and take the server away.
/// </summary>
/// <param name="kind">The server; fixtures that hold for every S3 server run once per kind.</param>
public abstract class S3ServerFixture(S3Server kind = S3Server.CephRgw)
{
    private static readonly TimeSpan s_hangLimit = TimeSpan.FromSeconds(60);

    private S3TestServer? _server;

    private protected S3TestServer Server => _server ?? throw new InvalidOperationException("No S3 server.");

    [OneTimeSetUp]
    public async Task ConnectAsync() => _server = await S3TestServer.ConnectOrSkipAsync(kind);

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

    /// <summary>Awaits an operation while a server is down: it must fail with <typeparamref name="TException"/> in bounded time (a minute at most), not hang.</summary>
    private protected static async Task<TException> FailsWithinLimitAsync<TException>(Task operation)
        where TException : Exception
    {
        Task finished = await Task.WhenAny(operation, Task.Delay(s_hangLimit));
        finished.Should().BeSameAs(operation, $"a server that is down makes the operation fail in bounded time, not hang for {s_hangLimit}");
        Func<Task> act = () => operation;
        return (await act.Should().ThrowAsync<TException>()).Which;
    }

    private protected static byte[] RandomBytes(int length, int seed)
    {
        byte[] data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
