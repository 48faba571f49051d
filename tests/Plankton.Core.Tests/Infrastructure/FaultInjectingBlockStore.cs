using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>What a <see cref="FaultInjectingBlockStore"/> does to a put it fails.</summary>
internal enum BlockFault
{
    /// <summary>Throws before the inner store sees the block.</summary>
    ThrowBefore,

    /// <summary>Lets the inner store keep the block, then throws (the caller cannot know it was stored).</summary>
    ThrowAfter,

    /// <summary>Throws the <see cref="IOException"/> of a full disk before anything is written.</summary>
    DiskFull,

    /// <summary>Leaves a torn file (the first half of the block file) at the block's path, then throws, as a writer without temp-and-rename would after a crash.</summary>
    TornWrite,
}

/// <summary>
/// A block-store decorator that fails chosen puts: each put fails with probability <c>rate</c>, drawn from a seeded
/// generator, with a fault kind also drawn from it. Reads, look-ups and deletes pass through.
/// </summary>
internal sealed class FaultInjectingBlockStore(IBlockStore inner, int seed, double rate, params BlockFault[] faults) : IBlockStore
{
    private readonly Random _random = new(seed);
    private readonly object _gate = new();

    public int BlockSize => inner.BlockSize;

    public int FaultsInjected { get; private set; }

    public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        BlockFault? fault = Draw();
        switch (fault)
        {
            case null:
                return await inner.PutAsync(block, cancellationToken);
            case BlockFault.ThrowBefore:
                throw new IOException($"Injected failure before putting {block.Hash}.");
            case BlockFault.DiskFull:
                throw new IOException("No space left on device (injected).");
            case BlockFault.ThrowAfter:
                await inner.PutAsync(block, cancellationToken);
                throw new IOException($"Injected failure after putting {block.Hash}.");
            case BlockFault.TornWrite:
                if (inner is FileSystemBlockStore files && !block.Hash.IsEmpty)
                {
                    byte[] whole = block.Content.ToArray();
                    await File.WriteAllBytesAsync(files.BlockPath(block.Hash), whole.AsMemory(0, whole.Length / 2).ToArray(), cancellationToken);
                }

                throw new IOException($"Injected torn write of {block.Hash}.");
            default:
                throw new InvalidOperationException(fault.ToString());
        }
    }

    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(hash, destination, cancellationToken);

    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
        inner.GetMissingAsync(hashes, cancellationToken);

    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(hash, cancellationToken);

    public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) =>
        inner.EnumerateAsync(cancellationToken);

    private BlockFault? Draw()
    {
        lock (_gate)
        {
            if (_random.NextDouble() >= rate)
            {
                return null;
            }

            FaultsInjected++;
            return faults[_random.Next(faults.Length)];
        }
    }
}
