using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Ingestion;

/// <summary>
/// The pipeline stage between hashing and putting for an <see cref="IReservingBlockWriteBatch"/>: a hashed block waits
/// here until no other block is waiting to be hashed, and then every waiting block is reserved in one call, so a
/// CPU-bound ingest makes one reservation per round of slots instead of one per block.
/// </summary>
/// <remarks>
/// <para>Thread-safe. The reader calls <see cref="Queued"/> before it hands a slot to the workers; a worker calls
/// <see cref="Hashed"/> once it has hashed a slot. The last block of a round (the one that leaves nothing queued for
/// hashing) takes the whole group, so a staged block never waits for more than the hashing already under way: every
/// queued slot is hashed by some worker, and that worker's call either takes the group or leaves another queued slot
/// whose worker will.</para>
/// <para>A slow source leaves the workers idle and the groups small (down to one block each), which costs nothing
/// then: the reservations are off the critical path of a reader that is the bottleneck.</para>
/// <para>When the ingest fails, <see cref="Abandon"/> fails every staged slot (and every slot staged later), so the
/// reader's wait for in-flight slots ends.</para>
/// </remarks>
internal sealed class ReservationStage
{
    private readonly Lock _gate = new();
    private List<PipelineSlot> _staged = [];
    private int _unhashed;
    private Exception? _failure;

    /// <summary>Counts a slot the reader is about to queue for hashing.</summary>
    public void Queued()
    {
        lock (_gate)
        {
            _unhashed++;
        }
    }

    /// <summary>Stages a slot its worker has hashed.</summary>
    /// <param name="slot">The hashed slot.</param>
    /// <returns>
    /// The group the caller must now reserve and put (the slot and every slot staged before it), or
    /// <see langword="null"/> when the slot waits for a later group (or was failed because the ingest is failing).
    /// </returns>
    public List<PipelineSlot>? Hashed(PipelineSlot slot)
    {
        lock (_gate)
        {
            _unhashed--;
            if (_failure is not null)
            {
                slot.Fail(_failure);
                return null;
            }

            _staged.Add(slot);
            if (_unhashed > 0)
            {
                return null;
            }

            List<PipelineSlot> group = _staged;
            _staged = [];
            return group;
        }
    }

    /// <summary>The hashes of a group, in slot order.</summary>
    public static List<BlockHash> HashesOf(List<PipelineSlot> group)
    {
        var hashes = new List<BlockHash>(group.Count);
        foreach (PipelineSlot slot in group)
        {
            hashes.Add(slot.Hash);
        }

        return hashes;
    }

    /// <summary>Fails every staged slot with <paramref name="error"/>, and every slot staged from now on.</summary>
    public void Abandon(Exception error)
    {
        List<PipelineSlot> staged;
        lock (_gate)
        {
            _failure ??= error;
            staged = _staged;
            _staged = [];
            foreach (PipelineSlot slot in staged)
            {
                slot.Fail(_failure);
            }
        }
    }
}
