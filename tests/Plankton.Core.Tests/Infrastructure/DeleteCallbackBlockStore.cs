using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// Passes every call through to a block store, and runs a callback once, after the <c>deletesBefore</c>-th block
/// deletion has gone through: a way to take a server away in the middle of a garbage collection.
/// </summary>
internal sealed class DeleteCallbackBlockStore(IBlockStore inner, int deletesBefore, Action callback) : IBlockStore
{
    private int _deletes;

    public int BlockSize => inner.BlockSize;

    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default) => inner.PutAsync(block, cancellationToken);

    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(hash, destination, cancellationToken);

    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
        inner.GetMissingAsync(hashes, cancellationToken);

    public async ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        bool deleted = await inner.DeleteAsync(hash, cancellationToken);
        if (Interlocked.Increment(ref _deletes) == deletesBefore)
        {
            callback();
        }

        return deleted;
    }

    public IBlockWriteBatch BeginBatch() => inner.BeginBatch();

    public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);
}
