namespace Plankton.Core.Tests.Images;

/// <summary>
/// A non-seekable stream over a byte array that runs an asynchronous callback once, after its first
/// <c>callbackAfter</c> bytes have been read: a way to look at the backend while an upload is in flight.
/// </summary>
internal sealed class CallbackStream(byte[] data, int callbackAfter, Func<Task> callback) : Stream
{
    private int _position;
    private bool _called;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_called && _position >= callbackAfter)
        {
            _called = true;
            await callback();
        }

        int n = Math.Min(buffer.Length, Math.Min(data.Length - _position, 1024));
        data.AsMemory(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
