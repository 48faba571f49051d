namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>
/// The stream an <see cref="AuditingObjectStore"/> returns for a read: it passes every call to the wrapped store's
/// stream, counts the bytes served, and writes one <c>Read</c> record when disposed (with the first read error, if any).
/// </summary>
internal sealed class AuditedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly AuditingObjectStore _store;
    private readonly string? _userId;
    private readonly string _target;
    private readonly DateTimeOffset _at;
    private readonly long _started;
    private long _bytes;
    private Exception? _error;
    private int _disposed;

    public AuditedReadStream(Stream inner, AuditingObjectStore store, string? userId, string target)
    {
        _inner = inner;
        _store = store;
        _userId = userId;
        _target = target;
        (_at, _started) = store.Now();
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(() => _inner.Read(buffer, offset, count));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            int read = await _inner.ReadAsync(buffer, cancellationToken);
            _bytes += read;
            return read;
        }
        catch (Exception error)
        {
            _error ??= error;
            throw;
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush() => _inner.Flush();

    public override void SetLength(long value) => throw new NotSupportedException("The stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("The stream is read-only.");

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await _inner.DisposeAsync();
            Record();
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inner.Dispose();
            Record();
        }

        base.Dispose(disposing);
    }

    private int Count(Func<int> read)
    {
        try
        {
            int bytes = read();
            _bytes += bytes;
            return bytes;
        }
        catch (Exception error)
        {
            _error ??= error;
            throw;
        }
    }

    private void Record() => _store.RecordRead(_userId, _target, _at, _started, _bytes, _error);
}
