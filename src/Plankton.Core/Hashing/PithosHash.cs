using System.Numerics;
using System.Security.Cryptography;

namespace Plankton.Core.Hashing;

/// <summary>
/// The Pithos hashing rules (spec §9.2): the block hash and the Merkle top hash of a hashmap.
/// </summary>
/// <remarks>All members are thread-safe and allocation-free.</remarks>
public static class PithosHash
{
    /// <summary>
    /// Returns the length of <paramref name="block"/> without its trailing zero bytes: the part of a block that
    /// is hashed and stored.
    /// </summary>
    /// <param name="block">The block data.</param>
    /// <returns>The index one past the last non-zero byte, or 0 for an empty or all-zero block.</returns>
    public static int ContentLength(ReadOnlySpan<byte> block) => block.LastIndexOfAnyExcept((byte)0) + 1;

    /// <summary>
    /// Computes the Pithos block hash: SHA-256 of the block with its trailing zero bytes stripped.
    /// </summary>
    /// <param name="block">The block data (at most one block; the caller enforces the block size).</param>
    /// <returns>The block's hash; <see cref="BlockHash.Empty"/> for an empty or all-zero block.</returns>
    public static BlockHash HashBlock(ReadOnlySpan<byte> block) => Sha256(block[..ContentLength(block)]);

    /// <summary>Computes plain SHA-256 of <paramref name="content"/> (no stripping).</summary>
    /// <param name="content">The bytes to hash.</param>
    /// <returns>The SHA-256 digest.</returns>
    internal static BlockHash Sha256(ReadOnlySpan<byte> content)
    {
        Span<byte> digest = stackalloc byte[BlockHash.Size];
        SHA256.HashData(content, digest);
        return new BlockHash(digest);
    }

    /// <summary>
    /// Computes the Pithos top hash of a hashmap: none → SHA-256 of empty data; one → that hash; more → pad with
    /// zero hashes to the next power of two and hash adjacent pairs up to the root.
    /// </summary>
    /// <param name="hashmap">The ordered block hashes of an object.</param>
    /// <returns>The top hash (the object's checksum).</returns>
    public static BlockHash ComputeTopHash(ReadOnlySpan<BlockHash> hashmap)
    {
        if (hashmap.IsEmpty)
        {
            return BlockHash.Empty;
        }

        if (hashmap.Length == 1)
        {
            return hashmap[0];
        }

        // Reduce level by level in place, in a scratch copy of at most half the padded width.
        int width = (int)BitOperations.RoundUpToPowerOf2((uint)hashmap.Length);
        int half = width / 2;
        BlockHash[]? rented = null;
        Span<BlockHash> level = half <= 64
            ? stackalloc BlockHash[half]
            : (rented = System.Buffers.ArrayPool<BlockHash>.Shared.Rent(half)).AsSpan(0, half);
        try
        {
            Span<byte> pair = stackalloc byte[2 * BlockHash.Size];
            for (int i = 0; i < half; i++)
            {
                BlockHash left = 2 * i < hashmap.Length ? hashmap[2 * i] : BlockHash.Zero;
                BlockHash right = (2 * i) + 1 < hashmap.Length ? hashmap[(2 * i) + 1] : BlockHash.Zero;
                level[i] = HashPair(left, right, pair);
            }

            for (int n = half; n > 1; n /= 2)
            {
                for (int i = 0; i < n / 2; i++)
                {
                    level[i] = HashPair(level[2 * i], level[(2 * i) + 1], pair);
                }
            }

            return level[0];
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<BlockHash>.Shared.Return(rented);
            }
        }
    }

    private static BlockHash HashPair(BlockHash left, BlockHash right, Span<byte> scratch)
    {
        left.CopyTo(scratch);
        right.CopyTo(scratch[BlockHash.Size..]);
        return Sha256(scratch);
    }
}
