namespace Plankton.Core.Maintenance;

/// <summary>The result of a scrub run: what it read, and every missing or corrupt referenced block known.</summary>
/// <param name="Checked">Blocks read and checked by this run.</param>
/// <param name="Damaged">Missing and corrupt blocks still referenced, each with the versions using it (empty in progress reports).</param>
public sealed record ScrubReport(long Checked, IReadOnlyList<DamagedBlock> Damaged)
{
    /// <summary>Gets a value indicating whether no referenced block is known to be missing or corrupt.</summary>
    public bool IsIntact => Damaged.Count == 0;
}
