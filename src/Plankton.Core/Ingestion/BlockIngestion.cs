using Plankton.Core.Blocks;

namespace Plankton.Core.Ingestion;

/// <summary>Puts a stream into a block store: the ingestion hot path.</summary>
public static class BlockIngestion
{
    /// <summary>
    /// Cuts <paramref name="source"/> into blocks of the store's block size, hashes them in parallel, writes the
    /// blocks the store lacks, and returns the hashmap with counts of new and deduplicated blocks.
    /// </summary>
    /// <param name="store">The block store.</param>
    /// <param name="source">The data, read once to its end; any stream, seekable or not. Not disposed.</param>
    /// <param name="options">Parallelism, memory bound and progress; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the ingest promptly.</param>
    /// <returns>The hashmap and the new/deduplicated counts.</returns>
    /// <remarks>
    /// Memory stays within <see cref="IngestOptions.MaxBufferedBytes"/> whatever the input length. When the call
    /// returns, every block is durable in the store. When it fails or is cancelled, blocks already stored stay (they
    /// are content-addressed and harmless, and garbage collection removes them when nothing references them) and
    /// no partial block or temp file remains.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The ingest was cancelled.</exception>
    /// <exception cref="IOException">The source or the store failed.</exception>
    public static ValueTask<IngestResult> IngestAsync(
        this IBlockStore store,
        Stream source,
        IngestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        options ??= IngestOptions.Default;
        return BlockPipeline.RunAsync(source, store, store.BlockSize, options, options.Progress, cancellationToken);
    }
}
