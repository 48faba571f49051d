using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// The block store as one upload sees it: every put first pins its block under the upload's lease, then writes it
/// (or finds it present). Pinning before the put is what makes deduplication safe against a concurrent collector:
/// once pinned, the block cannot be marked for deletion, and a block being deleted is waited for and written again.
/// A block the pin found referenced by a committed version (<paramref name="knownStored"/>) is not sent to the block
/// store at all: the catalogue answers "present", so re-uploading known data costs the block store no request.
/// Its write batch reserves (<see cref="IReservingBlockWriteBatch"/>): the ingestion pipeline pins the blocks of a
/// round of hashing in one call, and each put's own pin then finds its block pinned and costs no transaction.
/// </summary>
/// <param name="inner">The block store written to.</param>
/// <param name="pin">Pins blocks under the upload's lease, skipping those already pinned; returns once committed.</param>
/// <param name="knownStored">Whether the catalogue vouched for a pinned block at its pin.</param>
internal sealed class PinningBlockStore(IBlockStore inner, Func<IReadOnlyList<BlockHash>, CancellationToken, Task> pin, Func<BlockHash, bool> knownStored) : IBlockStore
{
    /// <inheritdoc/>
    public int BlockSize => inner.BlockSize;

    /// <inheritdoc/>
    public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        await pin([block.Hash], cancellationToken).ConfigureAwait(false);
        return knownStored(block.Hash) ? BlockPutOutcome.AlreadyPresent : await inner.PutAsync(block, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(hash, destination, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
        inner.GetMissingAsync(hashes, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(hash, cancellationToken);

    /// <inheritdoc/>
    public IBlockWriteBatch BeginBatch() => new PinningWriteBatch(inner.BeginBatch(), pin, knownStored);

    /// <inheritdoc/>
    public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);

    private sealed class PinningWriteBatch(IBlockWriteBatch batch, Func<IReadOnlyList<BlockHash>, CancellationToken, Task> pin, Func<BlockHash, bool> knownStored) : IReservingBlockWriteBatch, IFileDigestBlockWriteBatch
    {
        public bool WantsFileDigest => batch is IFileDigestBlockWriteBatch { WantsFileDigest: true };

        public void Reserve(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken) =>
            pin(hashes, cancellationToken).GetAwaiter().GetResult();

        public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
        {
            await pin([block.Hash], cancellationToken).ConfigureAwait(false);
            return knownStored(block.Hash) ? BlockPutOutcome.AlreadyPresent : await batch.PutAsync(block, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default) => batch.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => batch.DisposeAsync();
    }
}
