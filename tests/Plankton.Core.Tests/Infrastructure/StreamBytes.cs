namespace Plankton.Core.Tests.Infrastructure;

/// <summary>Reads what a stream holds.</summary>
internal static class StreamBytes
{
    /// <summary>Reads <paramref name="stream"/> to its end, then disposes it.</summary>
    public static async Task<byte[]> ReadAllAndDisposeAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
    }
}
