using Plankton.Core.Ingestion;

namespace Plankton.Core.Hashing;

/// <summary>Computes the Pithos hashmap of a stream of any length: what a client computes before uploading.</summary>
public static class PithosStreamHasher
{
    /// <summary>
    /// Reads <paramref name="source"/> to its end, hashing its blocks in parallel, with memory bounded by a few
    /// blocks whatever its length.
    /// </summary>
    /// <param name="source">The data; any stream, seekable or not, including one that returns short reads. Not disposed.</param>
    /// <param name="blockSize">The block size: a power of two from 4 KiB to 64 MiB.</param>
    /// <param name="options">Parallelism, memory bound and progress; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Stops the hashing promptly.</param>
    /// <returns>The hashmap: block hashes, size and top hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The block size or an option is out of range.</exception>
    /// <exception cref="OperationCanceledException">The hashing was cancelled.</exception>
    public static async ValueTask<Hashmap> HashAsync(
        Stream source,
        int blockSize = HashingConstants.DefaultBlockSize,
        IngestOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        HashingConstants.ValidateBlockSize(blockSize);
        options ??= IngestOptions.Default;
        IngestResult result = await BlockPipeline.RunAsync(source, null, blockSize, options, options.Progress, cancellationToken).ConfigureAwait(false);
        return result.Hashmap;
    }
}
