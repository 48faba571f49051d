using System.Collections.Concurrent;

namespace Plankton.Core;

/// <summary>
/// A small process-wide pool of <see cref="AlignedBuffer"/>s by length. It keeps at most
/// <see cref="MaxRetainedBytes"/> of idle buffers, so repeated ingests reuse memory instead of growing it.
/// </summary>
internal static class AlignedBufferPool
{
    public const long MaxRetainedBytes = 64L * 1024 * 1024;

    private static readonly ConcurrentDictionary<int, ConcurrentBag<AlignedBuffer>> s_free = new();
    private static long s_retainedBytes;

    public static AlignedBuffer Rent(int length)
    {
        if (s_free.TryGetValue(length, out ConcurrentBag<AlignedBuffer>? bag) && bag.TryTake(out AlignedBuffer? buffer))
        {
            Interlocked.Add(ref s_retainedBytes, -length);
            return buffer;
        }

        return new AlignedBuffer(length);
    }

    public static void Return(AlignedBuffer buffer)
    {
        if (Interlocked.Add(ref s_retainedBytes, buffer.Length) > MaxRetainedBytes)
        {
            Interlocked.Add(ref s_retainedBytes, -buffer.Length);
            ((IDisposable)buffer).Dispose();
            return;
        }

        s_free.GetOrAdd(buffer.Length, static _ => new ConcurrentBag<AlignedBuffer>()).Add(buffer);
    }
}
