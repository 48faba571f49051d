namespace Plankton.Core.Ingestion;

/// <summary>
/// Cuts the pipeline's input into blocks. A stream is read into the slot's buffer (short reads are gathered with
/// <c>ReadAtLeastAsync</c>); a <see cref="MemoryStream"/> whose buffer is exposed is sliced in place instead, so
/// hashing data that is already in memory costs no copy.
/// </summary>
internal sealed class BlockSource
{
    private readonly Stream _stream;
    private readonly int _blockSize;
    private readonly MemoryStream? _memoryStream;
    private readonly ReadOnlyMemory<byte> _memory;
    private int _offset;

    public BlockSource(Stream stream, int blockSize)
    {
        _stream = stream;
        _blockSize = blockSize;
        if (stream is MemoryStream memoryStream && memoryStream.TryGetBuffer(out ArraySegment<byte> buffer))
        {
            _memoryStream = memoryStream;
            _memory = buffer.AsMemory((int)memoryStream.Position);
        }
    }

    /// <summary>Returns the next block (at most one block long; shorter only at the end; empty when done).</summary>
    public async ValueTask<ReadOnlyMemory<byte>> NextAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_memoryStream is not null)
        {
            ReadOnlyMemory<byte> block = _memory.Slice(_offset, Math.Min(_blockSize, _memory.Length - _offset));
            _offset += block.Length;
            _memoryStream.Position += block.Length;
            return block;
        }

        int read = await _stream.ReadAtLeastAsync(buffer[.._blockSize], _blockSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return buffer[..read];
    }
}
