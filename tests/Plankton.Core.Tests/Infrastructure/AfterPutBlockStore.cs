using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A block-store decorator that runs a callback after each put of a non-empty block has returned (through batches too:
/// the default batch puts through <see cref="PutAsync"/>): a way to act while an upload is in flight. It also counts
/// the puts and the blocks asked about, to prove what reaches the block store.
/// </summary>
internal sealed class AfterPutBlockStore(IBlockStore inner) : IBlockStore
{
    private int _puts;
    private int _lookups;

    public Func<BlockHash, Task>? AfterPut { get; set; }

    /// <summary>Gets how many puts reached the store.</summary>
    public int Puts => Volatile.Read(ref _puts);

    /// <summary>Gets how many blocks <see cref="GetMissingAsync"/> was asked about.</summary>
    public int LookedUp => Volatile.Read(ref _lookups);

    public int BlockSize => inner.BlockSize;

    public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _puts);
        BlockPutOutcome outcome = await inner.PutAsync(block, cancellationToken);
        if (AfterPut is { } callback && !block.Hash.IsEmpty)
        {
            await callback(block.Hash);
        }

        return outcome;
    }

    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(hash, destination, cancellationToken);

    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default)
    {
        Interlocked.Add(ref _lookups, hashes.Count);
        return inner.GetMissingAsync(hashes, cancellationToken);
    }

    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) => inner.DeleteAsync(hash, cancellationToken);

    public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);
}
