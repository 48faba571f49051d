using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>A block store that passes everything to <see cref="Inner"/>; test doubles override what they watch.</summary>
internal abstract class DelegatingBlockStore(IBlockStore inner) : IBlockStore
{
    protected IBlockStore Inner { get; } = inner;

    public int BlockSize => Inner.BlockSize;

    public virtual ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default) =>
        Inner.PutAsync(block, cancellationToken);

    public virtual ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        Inner.ReadAsync(hash, destination, cancellationToken);

    public virtual ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
        Inner.GetMissingAsync(hashes, cancellationToken);

    public virtual ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) => Inner.DeleteAsync(hash, cancellationToken);

    public virtual IBlockWriteBatch BeginBatch() => Inner.BeginBatch();

    public virtual IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => Inner.EnumerateAsync(cancellationToken);
}
