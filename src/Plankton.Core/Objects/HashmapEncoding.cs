using Plankton.Core.Hashing;

namespace Plankton.Core.Objects;

/// <summary>
/// The catalogue's storage form of a hashmap: the block hashes concatenated, 32 bytes each, in order (one BLOB per
/// version; see docs/object-store.md for why not one row per block).
/// </summary>
internal static class HashmapEncoding
{
    public static byte[] Encode(ReadOnlySpan<BlockHash> blocks)
    {
        byte[] bytes = new byte[blocks.Length * BlockHash.Size];
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i].CopyTo(bytes.AsSpan(i * BlockHash.Size, BlockHash.Size));
        }

        return bytes;
    }

    public static BlockHash[] Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % BlockHash.Size != 0)
        {
            throw new InvalidDataException($"A stored hashmap is {bytes.Length} bytes long, not a multiple of {BlockHash.Size}.");
        }

        var blocks = new BlockHash[bytes.Length / BlockHash.Size];
        for (int i = 0; i < blocks.Length; i++)
        {
            blocks[i] = new BlockHash(bytes.Slice(i * BlockHash.Size, BlockHash.Size));
        }

        return blocks;
    }
}
