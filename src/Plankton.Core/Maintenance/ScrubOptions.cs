namespace Plankton.Core.Maintenance;

/// <summary>Settings of one scrub run.</summary>
public sealed class ScrubOptions
{
    /// <summary>The default number of blocks checked per batch: 256.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Gets or sets how many blocks are checked between saved positions.</summary>
    /// <value>The default value is <see cref="DefaultBatchSize"/>.</value>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// Gets or sets the share of referenced blocks to read, in (0, 1]; the sample is chosen by block hash, so it is
    /// the same on every run and spread evenly.
    /// </summary>
    /// <value>The default value is 1 (every block).</value>
    public double SampleRate { get; set; } = 1;

    /// <summary>Gets or sets whether to start from the first block instead of continuing an interrupted run.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Restart { get; set; }

    /// <summary>Gets or sets a receiver of the running totals, reported after each batch (without the damage list).</summary>
    /// <value>The default value is <see langword="null"/> (no reports).</value>
    public IProgress<ScrubReport>? Progress { get; set; }
}
