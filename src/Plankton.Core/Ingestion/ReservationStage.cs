using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Ingestion;

/// <summary>
/// The pipeline stage between hashing and putting for an <see cref="IReservingBlockWriteBatch"/>: a hashed block waits
/// here while other blocks are being hashed and others being put, and every waiting block is reserved in one call as
/// soon as either runs out, so a 1 GiB ingest makes about a hundred reservations instead of one per block, without
/// letting the store (or the hashing) go idle for them.
/// </summary>
/// <remarks>
/// <para>Thread-safe. The reader calls <see cref="Queued"/> before it hands a slot to the workers; a worker calls
/// <see cref="Hashed"/> once it has hashed a slot, and <see cref="Put"/> once it has put one. The staged blocks are
/// taken as a group when nothing is left queued for hashing, or when no reserved block is left to put (the store
/// would otherwise wait for the group). A staged block therefore never waits for more than the work already under
/// way: while it waits, some block is being hashed or put, and whichever of those ends last takes the group. Taking
/// it only when hashing ends made the ingest run in waves (hash everything, then put everything) and cost a tenth of
/// the upload's speed.</para>
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
    private int _putting;
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
            return _unhashed > 0 && _putting > 0 ? null : TakeGroup();
        }
    }

    /// <summary>Counts a reserved slot as put.</summary>
    /// <returns>
    /// A group the caller must now reserve and queue for putting, when this was the last reserved slot to put and
    /// blocks are waiting; otherwise <see langword="null"/>.
    /// </returns>
    public List<PipelineSlot>? Put()
    {
        lock (_gate)
        {
            _putting--;
            return _putting > 0 || _staged.Count == 0 || _failure is not null ? null : TakeGroup();
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

    /// <summary>Takes every staged slot as a group counted as being put (called under the lock).</summary>
    private List<PipelineSlot> TakeGroup()
    {
        List<PipelineSlot> group = _staged;
        _staged = [];
        _putting += group.Count;
        return group;
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
