namespace Plankton.Core.Tests.Hashing;

/// <summary>Deterministic test inputs.</summary>
internal static class TestData
{
    public static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random bytes with runs of zeros, so that many blocks end in zeros or are all zero.</summary>
    public static byte[] Sparse(int length, int seed, int blockSize)
    {
        var random = new Random(seed);
        byte[] bytes = Random(length, seed);
        for (int offset = 0; offset < length; offset += blockSize)
        {
            int blockLength = Math.Min(blockSize, length - offset);
            switch (random.Next(4))
            {
                case 0:
                    bytes.AsSpan(offset, blockLength).Clear();
                    break;
                case 1:
                    int keep = random.Next(blockLength);
                    bytes.AsSpan(offset + keep, blockLength - keep).Clear();
                    break;
                default:
                    break;
            }
        }

        return bytes;
    }
}
