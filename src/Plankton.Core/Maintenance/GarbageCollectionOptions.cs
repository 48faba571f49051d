namespace Plankton.Core.Maintenance;

/// <summary>Settings of one garbage collection run.</summary>
public sealed class GarbageCollectionOptions
{
    /// <summary>The default number of blocks examined per catalogue transaction: 500.</summary>
    public const int DefaultBatchSize = 500;

    /// <summary>Gets or sets how many blocks are examined per transaction; memory is bounded by it.</summary>
    /// <value>The default value is <see cref="DefaultBatchSize"/>.</value>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// Gets or sets whether to enumerate the whole block store first and register blocks the catalogue does not know
    /// (written by an older version, or put directly and never used by a version), so that they are collected too.
    /// This costs a pass over the store; without it the cost follows the garbage only.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool SweepUnregisteredBlocks { get; set; }

    /// <summary>Gets or sets a receiver of the running totals, reported after each batch.</summary>
    /// <value>The default value is <see langword="null"/> (no reports).</value>
    public IProgress<GarbageCollectionReport>? Progress { get; set; }
}
