namespace Plankton.Core.Blocks;

/// <summary>
/// A write batch that can use the digest of each block's stored form (<see cref="HashedBlock.FileDigest"/>): the S3
/// store signs each upload's payload with its SHA-256, which it finishes from the state the ingestion pipeline kept
/// after hashing the block, so the block is not hashed twice. Decorating batches forward the question to the batch they wrap.
/// </summary>
internal interface IFileDigestBlockWriteBatch : IBlockWriteBatch
{
    /// <summary>Gets a value indicating whether puts into this batch use <see cref="HashedBlock.FileDigest"/>.</summary>
    bool WantsFileDigest { get; }
}
