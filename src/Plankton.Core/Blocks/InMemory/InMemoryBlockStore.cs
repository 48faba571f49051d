using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.InMemory;

/// <summary>
/// A block store in process memory: the first-class test double for <see cref="IBlockStore"/>, and a store for
/// ephemeral hosts. It behaves as the file-system store does, without durability.
/// </summary>
/// <remarks>Thread-safe. Blocks are kept without their trailing zeros, as on disk.</remarks>
public sealed class InMemoryBlockStore : IBlockStore
{
    private readonly ConcurrentDictionary<BlockHash, byte[]> _blocks = new();

    /// <summary>Initializes a new instance of the <see cref="InMemoryBlockStore"/> class.</summary>
    /// <param name="blockSize">The block size: a power of two from 4 KiB to 64 MiB.</param>
    /// <exception cref="ArgumentOutOfRangeException">The block size is not supported.</exception>
    public InMemoryBlockStore(int blockSize = HashingConstants.DefaultBlockSize)
    {
        HashingConstants.ValidateBlockSize(blockSize);
        BlockSize = blockSize;
    }

    /// <inheritdoc/>
    public int BlockSize { get; }

    /// <summary>Gets the number of stored blocks (the empty block is never stored).</summary>
    public int Count => _blocks.Count;

    /// <summary>Gets the bytes held, trailing zeros excluded.</summary>
    public long StoredBytes => _blocks.Values.Sum(static b => (long)b.Length);

    /// <inheritdoc/>
    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        BlockStoreGuard.CheckBlockLength(block, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        if (block.Hash.IsEmpty)
        {
            return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
        }

        if (_blocks.TryGetValue(block.Hash, out byte[]? existing))
        {
            if (PithosHash.Sha256(existing) == block.Hash)
            {
                return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
            }

            _blocks[block.Hash] = block.Content.ToArray();
            return ValueTask.FromResult(BlockPutOutcome.Repaired);
        }

        return ValueTask.FromResult(
            _blocks.TryAdd(block.Hash, block.Content.ToArray()) ? BlockPutOutcome.Stored : BlockPutOutcome.AlreadyPresent);
    }

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        BlockStoreGuard.CheckDestination(destination, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        Span<byte> target = destination.Span[..BlockSize];
        if (hash.IsEmpty)
        {
            target.Clear();
            return ValueTask.FromResult(0);
        }

        if (!_blocks.TryGetValue(hash, out byte[]? content))
        {
            throw new BlockNotFoundException(hash);
        }

        if (content.Length > BlockSize || PithosHash.Sha256(content) != hash)
        {
            throw new BlockIntegrityException(hash, "the stored bytes do not hash to the block's name");
        }

        content.CopyTo(target);
        target[content.Length..].Clear();
        return ValueTask.FromResult(content.Length);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(BlockStoreGuard.Missing(hashes, h => _blocks.ContainsKey(h)));
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_blocks.TryRemove(hash, out _));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlockHash> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (BlockHash hash in _blocks.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return hash;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>Overwrites the stored bytes of a block without checking them, to simulate corruption in tests.</summary>
    /// <param name="hash">The block to damage.</param>
    /// <param name="content">The bytes to keep under that hash.</param>
    internal void CorruptForTesting(BlockHash hash, byte[] content) => _blocks[hash] = content;
}
