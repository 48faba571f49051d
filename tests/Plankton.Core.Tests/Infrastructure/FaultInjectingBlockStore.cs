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

/// <summary>The block-store calls a <see cref="FaultInjectingBlockStore"/> may fail.</summary>
[Flags]
internal enum BlockOperations
{
    None = 0,
    Put = 1,
    Read = 2,
    GetMissing = 4,
    Delete = 8,
    All = Put | Read | GetMissing | Delete,
}

/// <summary>
/// A block-store decorator that fails chosen calls: each call of the kinds in <see cref="FailOn"/> (puts by default)
/// fails with probability <c>rate</c>, drawn from a seeded generator, with a fault kind also drawn from it, so a seed
/// replays the same failures. Calls of other kinds pass through; nothing fails while <see cref="Armed"/> is off.
/// </summary>
/// <remarks>
/// A put fails as its <see cref="BlockFault"/> says. A read, look-up or delete fails with an <see cref="IOException"/>
/// before (<see cref="BlockFault.ThrowBefore"/>, <see cref="BlockFault.DiskFull"/>, <see cref="BlockFault.TornWrite"/>)
/// or after (<see cref="BlockFault.ThrowAfter"/>) the inner store's call.
/// </remarks>
internal sealed class FaultInjectingBlockStore(IBlockStore inner, int seed, double rate, params BlockFault[] faults) : IBlockStore
{
    private readonly object _gate = new();
    private Random _random = new(seed);

    public int BlockSize => inner.BlockSize;

    public int FaultsInjected { get; private set; }

    /// <summary>Gets or sets the kinds of call that may fail.</summary>
    public BlockOperations FailOn { get; set; } = BlockOperations.Put;

    /// <summary>Gets or sets whether faults are injected at all (off while a test sets up its data).</summary>
    public bool Armed { get; set; } = true;

    /// <summary>Restarts the draws from <paramref name="newSeed"/> and zeroes <see cref="FaultsInjected"/>, so one store can replay many seeds.</summary>
    public void Reseed(int newSeed)
    {
        lock (_gate)
        {
            _random = new Random(newSeed);
            FaultsInjected = 0;
        }
    }

    public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        BlockFault? fault = Draw(BlockOperations.Put);
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
        PassThroughAsync(BlockOperations.Read, () => inner.ReadAsync(hash, destination, cancellationToken));

    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
        PassThroughAsync(BlockOperations.GetMissing, () => inner.GetMissingAsync(hashes, cancellationToken));

    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
        PassThroughAsync(BlockOperations.Delete, () => inner.DeleteAsync(hash, cancellationToken));

    public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) =>
        inner.EnumerateAsync(cancellationToken);

    private async ValueTask<T> PassThroughAsync<T>(BlockOperations operation, Func<ValueTask<T>> call)
    {
        BlockFault? fault = Draw(operation);
        if (fault is null)
        {
            return await call();
        }

        if (fault == BlockFault.ThrowAfter)
        {
            await call();
            throw new IOException($"Injected failure after a block {operation}.");
        }

        throw new IOException($"Injected failure before a block {operation}.");
    }

    private BlockFault? Draw(BlockOperations operation)
    {
        lock (_gate)
        {
            if (!Armed || (FailOn & operation) == 0 || _random.NextDouble() >= rate)
            {
                return null;
            }

            FaultsInjected++;
            return faults[_random.Next(faults.Length)];
        }
    }
}
