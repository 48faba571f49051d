namespace Plankton.Core.Tests.Infrastructure;

/// <summary>A seekable-looking stream whose <see cref="Length"/> claims one size while its reads yield another.</summary>
internal sealed class LyingLengthStream(byte[] data, long claimedLength) : ReadOnlyTestStream
{
    private int _position;

    public override bool CanSeek => true;

    public override long Length => claimedLength;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(buffer.Length, data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
