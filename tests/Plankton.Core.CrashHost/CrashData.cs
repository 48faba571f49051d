namespace Plankton.Core.CrashHost;

/// <summary>The data the crash host ingests; the tests make the same bytes to check what survived.</summary>
public static class CrashData
{
    public static byte[] Make(int blockSize, int blocks, int seed)
    {
        var data = new byte[(long)blockSize * blocks];
        for (int i = 0; i < blocks; i++)
        {
            Span<byte> block = data.AsSpan(i * blockSize, blockSize);
            if (i % 7 == 6)
            {
                continue;
            }

            new Random(seed + (i % 5)).NextBytes(block);
            block[^(i % 3 * 100)..].Clear();
        }

        return data;
    }
}
