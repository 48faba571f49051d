using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 between a client and a real server, that a test can cut and restore: while cut, the
/// port refuses connections and every open connection is reset, so to the client the server is down. It also counts
/// the connections and the bytes sent towards the server, and can cut itself once a number of bytes has gone up
/// (in the middle of an upload).
/// </summary>
internal sealed class CuttableTcpProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TcpListener? _listener;
    private long _upstreamBytes;
    private long _cutAfterUpstreamBytes = long.MaxValue;
    private int _connections;

    public CuttableTcpProxy(Uri upstream)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        Port = Listen(0);
    }

    /// <summary>Gets the port the proxy listens on (the same after a restore).</summary>
    public int Port { get; }

    /// <summary>Gets the address clients use instead of the server's.</summary>
    public Uri Endpoint => new($"http://127.0.0.1:{Port}/");

    /// <summary>Gets the bytes sent from clients towards the server so far.</summary>
    public long UpstreamBytes => Interlocked.Read(ref _upstreamBytes);

    /// <summary>Gets the connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Gets a task that completes when the proxy is first cut.</summary>
    public Task WhenCut => _cut.Task;

    /// <summary>Cuts the proxy as soon as <see cref="UpstreamBytes"/> reaches <paramref name="bytes"/> more than now.</summary>
    public void CutAfterUpstreamBytes(long bytes) => Interlocked.Exchange(ref _cutAfterUpstreamBytes, UpstreamBytes + bytes);

    /// <summary>Stops listening (new connections are refused) and resets every open connection.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
        }

        foreach (Socket socket in _open.Keys)
        {
            Abort(socket);
        }

        _cut.TrySetResult();
    }

    /// <summary>Listens again on the same port.</summary>
    public void Restore()
    {
        Interlocked.Exchange(ref _cutAfterUpstreamBytes, long.MaxValue);
        Listen(Port);
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private static void Abort(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0); // close with RST, as a dying server's kernel does
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        lock (_gate)
        {
            _listener = listener;
        }

        _ = Task.Run(() => AcceptLoopAsync(listener));
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped by Cut
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[server] = 0;
        try
        {
            await server.ConnectAsync(_upstream);
            await Task.WhenAll(PumpAsync(client, server, counted: true), PumpAsync(server, client, counted: false));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            // One side went away (or the proxy was cut): close both below.
        }
        finally
        {
            _open.TryRemove(client, out _);
            _open.TryRemove(server, out _);
            Abort(client);
            Abort(server);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool counted)
    {
        byte[] buffer = new byte[64 * 1024];
        while (true)
        {
            int read = await from.ReceiveAsync(buffer, SocketFlags.None);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }

            if (counted && Interlocked.Add(ref _upstreamBytes, read) >= Interlocked.Read(ref _cutAfterUpstreamBytes))
            {
                Cut();
                return;
            }

            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
        }
    }
}
