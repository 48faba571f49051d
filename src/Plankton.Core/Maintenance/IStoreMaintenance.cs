using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Maintenance;

/// <summary>
/// Garbage collection, scrubbing and space accounting of an object store whose catalogue counts block references
/// (docs/reliability.md). Implemented by <see cref="Objects.Sqlite.SqliteObjectStore"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe, and safe to run while other threads and processes upload, copy, delete and read: a block is
/// deleted only when, at the moment it is marked, no version references it and no upload pins it.</para>
/// <para>Both long operations work in bounded batches, report progress after each, stop promptly when cancelled,
/// and continue where they stopped when run again.</para>
/// </remarks>
public interface IStoreMaintenance
{
    /// <summary>Deletes every block that no version references and no upload pins, after releasing the leases of dead processes.</summary>
    /// <param name="options">Batch size, progress and whether to register unknown blocks first; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops after the current block; a later run continues.</param>
    /// <returns>What was examined and deleted.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not positive.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    ValueTask<GarbageCollectionReport> CollectGarbageAsync(GarbageCollectionOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads every referenced block (or a sample), checking it against its name; records missing and corrupt blocks,
    /// names the versions that use them, and flags the affected live images (key <see cref="DamagedKey"/> in the
    /// <c>plankton</c> domain) so that they are not served as good.
    /// </summary>
    /// <param name="options">Batch size, sample, restart and progress; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops after the current batch; a later run continues from there.</param>
    /// <returns>The damage known after the run (including damage found by earlier, interrupted runs and not since repaired).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The batch size is not positive or the sample rate is not in (0, 1].</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    ValueTask<ScrubReport> ScrubAsync(ScrubOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tells how many bytes deleting an object (with its whole history) would free: the logical length of the blocks
    /// that only its versions reference.
    /// </summary>
    /// <param name="userId">The user asking; needs read access.</param>
    /// <param name="path">The object.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exclusive bytes.</returns>
    /// <exception cref="ObjectNotFoundException">The account, container or object does not exist.</exception>
    /// <exception cref="NotAllowedException">The user may not read the object.</exception>
    ValueTask<long> GetExclusiveBytesAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default);

    /// <summary>The metadata key (in the <c>plankton</c> domain) that a scrub sets on live images using a missing or corrupt block.</summary>
    const string DamagedKey = "damaged";
}
