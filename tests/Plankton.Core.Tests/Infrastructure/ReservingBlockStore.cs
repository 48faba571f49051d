using System.Collections.Concurrent;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// An in-memory block store whose write batches reserve blocks (<see cref="IReservingBlockWriteBatch"/>), recording
/// every reservation call and every put that came before its block's reservation; a reservation can be made to fail
/// or to block until cancelled.
/// </summary>
internal sealed class ReservingBlockStore(int blockSize) : DelegatingBlockStore(new InMemoryBlockStore(blockSize))
{
    private readonly ConcurrentDictionary<BlockHash, bool> _reserved = new();
    private int _reservations;
    private int _unreservedPuts;
    private int _puts;

    /// <summary>Gets or sets the 1-based reservation call that throws <see cref="IOException"/> (0: none).</summary>
    public int FailReservation { get; set; }

    /// <summary>Gets or sets a value indicating whether reservations wait until their token is cancelled.</summary>
    public bool BlockReservations { get; set; }

    public int Reservations => Volatile.Read(ref _reservations);

    public int UnreservedPuts => Volatile.Read(ref _unreservedPuts);

    public int Puts => Volatile.Read(ref _puts);

    public ICollection<BlockHash> Reserved => _reserved.Keys;

    public override IBlockWriteBatch BeginBatch() => new Batch(this, Inner.BeginBatch());

    private sealed class Batch(ReservingBlockStore owner, IBlockWriteBatch inner) : IReservingBlockWriteBatch
    {
        public void Reserve(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken)
        {
            int call = Interlocked.Increment(ref owner._reservations);
            if (call == owner.FailReservation)
            {
                throw new IOException($"reservation {call} refused by the test");
            }

            // A reservation takes time, as the catalogue's pin transaction does: blocks hashed meanwhile wait for the next
            // group. An instant one would let every block go alone whenever puts are instant too.
            Thread.Sleep(2);
            if (owner.BlockReservations)
            {
                cancellationToken.WaitHandle.WaitOne();
                cancellationToken.ThrowIfCancellationRequested();
            }

            foreach (BlockHash hash in hashes)
            {
                owner._reserved[hash] = true;
            }
        }

        public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._puts);
            if (!owner._reserved.ContainsKey(block.Hash))
            {
                Interlocked.Increment(ref owner._unreservedPuts);
            }

            return inner.PutAsync(block, cancellationToken);
        }

        public ValueTask CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
