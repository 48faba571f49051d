using System.Security.Cryptography;

namespace Plankton.Core.Tests.Hashing;

/// <summary>
/// A deliberately plain, independent transcription of spec §9.2, used as the oracle for property tests:
/// hex strings, byte arrays and list copies, no spans and no shared code with the library.
/// </summary>
internal static class ReferencePithosHash
{
    public static List<byte[]> Hashmap(byte[] data, int blockSize)
    {
        var hashes = new List<byte[]>();
        if (data.Length == 0)
        {
            hashes.Add(SHA256.HashData(Array.Empty<byte>()));
            return hashes;
        }

        for (int offset = 0; offset < data.Length; offset += blockSize)
        {
            byte[] block = data.Skip(offset).Take(blockSize).ToArray();
            int end = block.Length;
            while (end > 0 && block[end - 1] == 0)
            {
                end--;
            }

            hashes.Add(SHA256.HashData(block.Take(end).ToArray()));
        }

        return hashes;
    }

    public static string TopHash(List<byte[]> hashes)
    {
        if (hashes.Count == 0)
        {
            return Convert.ToHexString(SHA256.HashData(Array.Empty<byte>())).ToLowerInvariant();
        }

        if (hashes.Count == 1)
        {
            return Convert.ToHexString(hashes[0]).ToLowerInvariant();
        }

        int width = 2;
        while (width < hashes.Count)
        {
            width *= 2;
        }

        var level = new List<byte[]>(hashes);
        while (level.Count < width)
        {
            level.Add(new byte[32]);
        }

        while (level.Count > 1)
        {
            var next = new List<byte[]>();
            for (int i = 0; i < level.Count; i += 2)
            {
                next.Add(SHA256.HashData(level[i].Concat(level[i + 1]).ToArray()));
            }

            level = next;
        }

        return Convert.ToHexString(level[0]).ToLowerInvariant();
    }
}
