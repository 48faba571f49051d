namespace Plankton.Core.Tests.Infrastructure;

/// <summary>A non-seekable stream over bytes that returns at most <c>maxPerRead</c> bytes per read.</summary>
internal sealed class ShortReadStream(byte[] data, int maxPerRead) : ReadOnlyTestStream
{
    private int _position;

    public int ReadCalls { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        ReadCalls++;
        int n = Math.Min(Math.Min(buffer.Length, maxPerRead), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
