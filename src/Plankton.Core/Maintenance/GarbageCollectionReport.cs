namespace Plankton.Core.Maintenance;

/// <summary>The totals of a garbage collection run, so far (progress) or at its end.</summary>
/// <param name="LeasesReleased">Leases of dead processes released (with their pins).</param>
/// <param name="Registered">Blocks found in the block store that the catalogue did not know, now registered (sweep only).</param>
/// <param name="Examined">Unreferenced blocks examined.</param>
/// <param name="Deleted">Blocks deleted (including deletions a crashed collector had begun).</param>
/// <param name="Pinned">Unreferenced blocks kept because an upload pins them (collected by a later run).</param>
public sealed record GarbageCollectionReport(long LeasesReleased, long Registered, long Examined, long Deleted, long Pinned);
