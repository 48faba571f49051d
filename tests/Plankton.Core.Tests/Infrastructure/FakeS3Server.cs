using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A scripted HTTP server on 127.0.0.1 that answers every request with what <c>answer</c> returns for the request's
/// number (0-based): for testing how the S3 store reacts to throttling and errors no real server produces on demand.
/// </summary>
internal sealed class FakeS3Server : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<int, HttpListenerRequest, (HttpStatusCode Status, string? ErrorCode)> _answer;
    private readonly Task _loop;
    private int _requests;

    public FakeS3Server(Func<int, HttpListenerRequest, (HttpStatusCode Status, string? ErrorCode)> answer)
    {
        _answer = answer;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>Gets how many requests arrived.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            int index = Interlocked.Increment(ref _requests) - 1;
            (HttpStatusCode status, string? errorCode) = _answer(index, context.Request);
            using HttpListenerResponse response = context.Response;
            response.StatusCode = (int)status;
            if (errorCode is not null && context.Request.HttpMethod != "HEAD")
            {
                byte[] body = Encoding.UTF8.GetBytes(
                    $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{errorCode}</Code><Message>scripted {errorCode}</Message><RequestId>r{index}</RequestId></Error>");
                response.ContentType = "application/xml";
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body);
            }
            else
            {
                response.ContentLength64 = 0;
            }
        }
    }
}
