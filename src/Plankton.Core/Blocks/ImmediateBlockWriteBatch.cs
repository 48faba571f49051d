namespace Plankton.Core.Blocks;

/// <summary>
/// The batch of a store whose every put is already durable: puts go straight to the store and commit has nothing
/// left to do. The default for <see cref="IBlockStore.BeginBatch"/>.
/// </summary>
internal sealed class ImmediateBlockWriteBatch(IBlockStore store) : IBlockWriteBatch
{
    private bool _disposed;

    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return store.PutAsync(block, cancellationToken);
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _disposed = true;
        return ValueTask.CompletedTask;
    }
}
