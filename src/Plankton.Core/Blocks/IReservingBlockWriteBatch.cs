using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks;

/// <summary>
/// A write batch whose blocks must be reserved before they are put (the catalogue's upload batch pins each block
/// against its collector) and that can reserve many blocks in one round trip. The ingestion pipeline gives such a
/// batch the hashes of every block hashed meanwhile in one <see cref="Reserve"/> call, then puts each block, so one
/// reservation serves a group of puts instead of one each.
/// </summary>
/// <remarks>
/// Thread-safe, like <see cref="IBlockWriteBatch"/>. <see cref="Reserve"/> is synchronous because its callers are the
/// pipeline's dedicated worker threads, which block on puts in the same way.
/// </remarks>
internal interface IReservingBlockWriteBatch : IBlockWriteBatch
{
    /// <summary>
    /// Reserves blocks ahead of their puts; a later <see cref="IBlockWriteBatch.PutAsync"/> of a reserved block does
    /// not reserve it again. Returns only once the reservation is durable enough to be relied on by the puts.
    /// </summary>
    /// <param name="hashes">The blocks; duplicates and the empty block are allowed.</param>
    /// <param name="cancellationToken">Cancels the reservation.</param>
    void Reserve(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken);
}
