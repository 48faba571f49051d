using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks;

/// <summary>Argument checks and small algorithms that every <see cref="IBlockStore"/> implementation shares.</summary>
internal static class BlockStoreGuard
{
    public static void CheckBlockLength(in HashedBlock block, int blockSize)
    {
        if (block.Hash == BlockHash.Zero)
        {
            throw new ArgumentException(
                "The block was not made by HashedBlock.Create (a default HashedBlock has no hash).", nameof(block));
        }

        if (block.Length > blockSize)
        {
            ThrowHelper.ThrowArgumentException_BlockTooLarge(nameof(block), block.Length, blockSize);
        }
    }

    public static void CheckDestination(Memory<byte> destination, int blockSize)
    {
        if (destination.Length < blockSize)
        {
            throw new ArgumentException(
                $"The destination must hold a whole block ({blockSize} bytes); it holds {destination.Length}.",
                nameof(destination));
        }
    }

    /// <summary>Returns the distinct hashes that <paramref name="isPresent"/> rejects, in first-seen order; the empty hash is never missing.</summary>
    public static IReadOnlyList<BlockHash> Missing(IReadOnlyList<BlockHash> hashes, Func<BlockHash, bool> isPresent)
    {
        var seen = new HashSet<BlockHash>(hashes.Count);
        var missing = new List<BlockHash>();
        for (int i = 0; i < hashes.Count; i++)
        {
            BlockHash hash = hashes[i];
            if (!hash.IsEmpty && seen.Add(hash) && !isPresent(hash))
            {
                missing.Add(hash);
            }
        }

        return missing;
    }
}
