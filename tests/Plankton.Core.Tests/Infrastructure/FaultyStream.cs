namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A non-seekable stream that yields pseudo-random bytes and then fails: it throws <see cref="IOException"/> once
/// <c>failAfter</c> bytes have been read, or cancels a token at that point and keeps going until the reader notices.
/// </summary>
internal sealed class FaultyStream(long failAfter, long length, CancellationTokenSource? cancelAtFault = null) : ReadOnlyTestStream
{
    private readonly Random _random = new(1234);
    private long _position;

    public long BytesRead => _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter)
        {
            if (cancelAtFault is null)
            {
                throw new IOException($"Injected failure after {failAfter} bytes.");
            }

            cancelAtFault.Cancel();
        }

        int n = (int)Math.Min(buffer.Length, Math.Min(length - _position, 64 * 1024));
        _random.NextBytes(buffer[..n]);
        _position += n;
        return n;
    }
}
