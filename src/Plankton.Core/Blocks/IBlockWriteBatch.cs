namespace Plankton.Core.Blocks;

/// <summary>
/// A group of block puts whose durability is settled together, so that a store can flush many blocks with one
/// disk commit instead of one per block (group commit). Made by <see cref="IBlockStore.BeginBatch"/>.
/// </summary>
/// <remarks>
/// <para>A block put into a batch is durable and readable from the store at the latest when
/// <see cref="CommitAsync"/> completes (a store may commit earlier, for example every few dozen blocks, to bound
/// what is pending). Disposing a batch without committing discards the blocks not yet committed; nothing partial is
/// left behind.</para>
/// <para>Thread-safe: many threads may put into one batch at once. <see cref="CommitAsync"/> and disposal must not
/// overlap puts. A batch may be committed more than once (each commit covers the puts since the last); after
/// disposal, puts and commits throw <see cref="ObjectDisposedException"/>.</para>
/// </remarks>
public interface IBlockWriteBatch : IAsyncDisposable
{
    /// <summary>Stages a block unless the store (or this batch) already holds a sound copy.</summary>
    /// <param name="block">The hashed block; its <see cref="HashedBlock.Length"/> must not exceed the store's block size.</param>
    /// <param name="cancellationToken">Cancels the put.</param>
    /// <returns>Whether the block is new, already present, or replaces a damaged copy.</returns>
    /// <exception cref="ArgumentException">The block is longer than the store's block size.</exception>
    /// <exception cref="OperationCanceledException">The put was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default);

    /// <summary>Makes every block put so far durable and visible in the store.</summary>
    /// <param name="cancellationToken">Cancels the commit before it starts; a commit under way completes.</param>
    /// <returns>A task that completes when the blocks are durable.</returns>
    /// <exception cref="OperationCanceledException">The commit was cancelled before it started.</exception>
    /// <exception cref="ObjectDisposedException">The batch was disposed.</exception>
    ValueTask CommitAsync(CancellationToken cancellationToken = default);
}
