using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks;

/// <summary>
/// Block content paired with its Pithos hash. It can only be made by hashing, so a block store never has to
/// trust a caller's claim about which hash some bytes have.
/// </summary>
/// <remarks>
/// <see cref="Content"/> is the block with its trailing zero bytes stripped: exactly what is hashed and stored.
/// The struct refers to the caller's memory without copying it; the caller must not change that memory while
/// the block is in use (for example until <see cref="IBlockStore.PutAsync"/> completes).
/// </remarks>
public readonly struct HashedBlock
{
    internal HashedBlock(BlockHash hash, ReadOnlyMemory<byte> content, int length)
    {
        Hash = hash;
        Content = content;
        Length = length;
    }

    /// <summary>Gets the block's Pithos hash.</summary>
    public BlockHash Hash { get; }

    /// <summary>Gets the block content without trailing zero bytes (empty for an all-zero block).</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Gets the block's length as given, trailing zeros included.</summary>
    public int Length { get; }

    /// <summary>
    /// Gets the unfinished digest of the block's stored form, when the ingestion pipeline kept it from its hashing pass
    /// for a batch that asked for it (<see cref="IFileDigestBlockWriteBatch"/>); otherwise <see langword="null"/>. Valid
    /// only during the put it is given to.
    /// </summary>
    internal StoredFormDigest? FileDigest { get; init; }

    /// <summary>Hashes <paramref name="block"/> and pairs it with its hash.</summary>
    /// <param name="block">The block data; not copied.</param>
    /// <returns>The hashed block.</returns>
    public static HashedBlock Create(ReadOnlyMemory<byte> block)
    {
        ReadOnlyMemory<byte> content = block[..PithosHash.ContentLength(block.Span)];
        return new HashedBlock(PithosHash.Sha256(content.Span), content, block.Length);
    }
}
