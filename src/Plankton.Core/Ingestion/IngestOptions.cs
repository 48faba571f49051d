namespace Plankton.Core.Ingestion;

/// <summary>Settings of one ingest or streaming hash: parallelism, memory bound and progress reporting.</summary>
public sealed class IngestOptions
{
    /// <summary>The default bound on block buffers, 32 MiB (eight 4 MiB blocks).</summary>
    public const int DefaultMaxBufferedBytes = 32 * 1024 * 1024;

    /// <summary>Gets or sets how many blocks are hashed at once.</summary>
    /// <value>The default value is <see cref="Environment.ProcessorCount"/>.</value>
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Gets or sets the most memory held in block buffers. At least two blocks are always buffered, so with large
    /// block sizes the bound is two blocks.
    /// </summary>
    /// <value>The default value is <see cref="DefaultMaxBufferedBytes"/>.</value>
    public int MaxBufferedBytes { get; set; } = DefaultMaxBufferedBytes;

    /// <summary>Gets or sets a receiver of the number of input bytes processed so far, reported after each block in order.</summary>
    /// <value>The default value is <see langword="null"/> (no reports).</value>
    public IProgress<long>? Progress { get; set; }

    /// <summary>Gets the shared default settings.</summary>
    internal static IngestOptions Default { get; } = new();

    /// <summary>Hashing threads, plus two more when blocks are also written, so that disk flushes overlap hashing.</summary>
    internal int WorkerCount(bool writes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxDegreeOfParallelism, nameof(MaxDegreeOfParallelism));
        return writes ? MaxDegreeOfParallelism + 2 : MaxDegreeOfParallelism;
    }

    /// <summary>Block buffers: two more than workers (so the reader runs ahead), within <see cref="MaxBufferedBytes"/>, at least two.</summary>
    internal int SlotCount(int blockSize, int workers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBufferedBytes, nameof(MaxBufferedBytes));
        return Math.Max(2, Math.Min(workers + 2, MaxBufferedBytes / blockSize));
    }
}
