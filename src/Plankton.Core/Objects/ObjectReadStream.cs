using System.Buffers;
using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects;

/// <summary>
/// A read-only, seekable view of a byte range of an object, read block by block from the block store: one block is
/// held in memory at a time, whatever the object's size. The last block is cut at the object's size, and empty
/// (sparse) blocks read as zeros.
/// </summary>
/// <remarks>Asynchronous reads only; not thread-safe.</remarks>
internal sealed class ObjectReadStream : Stream
{
    private readonly IBlockStore _blocks;
    private readonly BlockHash[] _hashes;
    private readonly long _start;
    private readonly long _length;
    private readonly int _blockSize;
    private byte[]? _buffer;
    private long _bufferedBlock = -1;
    private long _position;
    private bool _disposed;

    public ObjectReadStream(IBlockStore blocks, BlockHash[] hashes, int blockSize, long start, long length)
    {
        _blocks = blocks;
        _hashes = hashes;
        _blockSize = blockSize;
        _start = start;
        _length = length;
    }

    public override bool CanRead => !_disposed;

    public override bool CanSeek => CanRead;

    public override bool CanWrite => false;

    public override long Length
    {
        get
        {
            ThrowIfDisposed();
            return _length;
        }
    }

    public override long Position
    {
        get
        {
            ThrowIfDisposed();
            return _position;
        }

        set
        {
            ThrowIfDisposed();
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _position = value;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        if (buffer.IsEmpty || _position >= _length)
        {
            return 0;
        }

        long absolute = _start + _position;
        long block = absolute / _blockSize;
        int inBlock = (int)(absolute % _blockSize);
        if (block != _bufferedBlock)
        {
            _buffer ??= ArrayPool<byte>.Shared.Rent(_blockSize);
            _bufferedBlock = -1;
            await _blocks.ReadAsync(_hashes[block], _buffer.AsMemory(0, _blockSize), cancellationToken).ConfigureAwait(false);
            _bufferedBlock = block;
        }

        int count = (int)Math.Min(Math.Min(buffer.Length, _blockSize - inBlock), _length - _position);
        _buffer.AsSpan(inBlock, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("An object stream reads asynchronously only: use ReadAsync or CopyToAsync.");

    public override long Seek(long offset, SeekOrigin origin)
    {
        ThrowIfDisposed();
        long target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => _length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _position = target;
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("An object stream is read-only.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("An object stream is read-only.");

    protected override void Dispose(bool disposing)
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }

        _disposed = true;
        base.Dispose(disposing);
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
