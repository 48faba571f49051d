using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Cli;

/// <summary>
/// Passes every call to a block store and counts the bytes of the blocks put: new (stored or repaired) or
/// deduplicated (already present), as the library's ingest tally does. The image backend does not report these for
/// an upload, so the tool counts them at the block store it opens.
/// </summary>
internal sealed class CountingBlockStore(IBlockStore inner) : IBlockStore
{
    private long _newBytes;
    private long _deduplicatedBytes;

    public long NewBytes => Interlocked.Read(ref _newBytes);

    public long DeduplicatedBytes => Interlocked.Read(ref _deduplicatedBytes);

    public int BlockSize => inner.BlockSize;

    public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default) =>
        Count(block, await inner.PutAsync(block, cancellationToken));

    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(hash, destination, cancellationToken);

    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
        inner.GetMissingAsync(hashes, cancellationToken);

    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(hash, cancellationToken);

    public IBlockWriteBatch BeginBatch() => new CountingBatch(this, inner.BeginBatch());

    public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) =>
        inner.EnumerateAsync(cancellationToken);

    private BlockPutOutcome Count(HashedBlock block, BlockPutOutcome outcome)
    {
        if (outcome == BlockPutOutcome.AlreadyPresent)
        {
            Interlocked.Add(ref _deduplicatedBytes, block.Length);
        }
        else
        {
            Interlocked.Add(ref _newBytes, block.Length);
        }

        return outcome;
    }

    private sealed class CountingBatch(CountingBlockStore owner, IBlockWriteBatch batch) : IBlockWriteBatch
    {
        public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default) =>
            owner.Count(block, await batch.PutAsync(block, cancellationToken));

        public ValueTask CommitAsync(CancellationToken cancellationToken = default) => batch.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => batch.DisposeAsync();
    }
}
