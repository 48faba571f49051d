using System.Buffers;
using System.Runtime.InteropServices;

namespace Plankton.Core;

/// <summary>
/// A block-sized buffer in native memory, aligned to 4 KiB so that it can be written with <c>O_DIRECT</c>, and
/// exposed as <see cref="Memory{T}"/>. Rented from and returned to <see cref="AlignedBufferPool"/>.
/// </summary>
internal sealed unsafe class AlignedBuffer : MemoryManager<byte>
{
    public const int Alignment = 4096;

    private byte* _pointer;

    public AlignedBuffer(int length)
    {
        Length = length;
        _pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, Alignment);
        GC.AddMemoryPressure(length);
    }

    public int Length { get; }

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new Span<byte>(_pointer, Length);
    }

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    /// <summary>Tells whether <paramref name="memory"/> starts on a 4 KiB boundary (pinned memory only).</summary>
    public static bool IsAligned(ReadOnlyMemory<byte> memory)
    {
        using MemoryHandle handle = memory.Pin();
        return ((nuint)handle.Pointer % Alignment) == 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer is not null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
            GC.RemoveMemoryPressure(Length);
        }
    }
}
