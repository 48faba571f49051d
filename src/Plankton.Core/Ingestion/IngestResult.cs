using Plankton.Core.Hashing;

namespace Plankton.Core.Ingestion;

/// <summary>What an ingest produced: the hashmap of the data, and how much of it was new to the store.</summary>
public sealed class IngestResult
{
    /// <summary>Initializes a new instance of the <see cref="IngestResult"/> class.</summary>
    /// <param name="hashmap">The hashmap of the ingested data.</param>
    /// <param name="newBlocks">Blocks the store did not have (stored or repaired).</param>
    /// <param name="newBytes">Input bytes in those blocks.</param>
    /// <param name="deduplicatedBlocks">Blocks the store already had, all-zero blocks included.</param>
    /// <param name="deduplicatedBytes">Input bytes in those blocks.</param>
    /// <exception cref="ArgumentNullException"><paramref name="hashmap"/> is <see langword="null"/>.</exception>
    public IngestResult(Hashmap hashmap, int newBlocks, long newBytes, int deduplicatedBlocks, long deduplicatedBytes)
    {
        ArgumentNullException.ThrowIfNull(hashmap);
        Hashmap = hashmap;
        NewBlocks = newBlocks;
        NewBytes = newBytes;
        DeduplicatedBlocks = deduplicatedBlocks;
        DeduplicatedBytes = deduplicatedBytes;
    }

    /// <summary>Gets the hashmap: block hashes, size and top hash.</summary>
    public Hashmap Hashmap { get; }

    /// <summary>Gets the data size in bytes.</summary>
    public long Size => Hashmap.Size;

    /// <summary>Gets the Pithos top hash (the checksum).</summary>
    public BlockHash TopHash => Hashmap.TopHash;

    /// <summary>Gets the number of blocks that were new to the store and written.</summary>
    public int NewBlocks { get; }

    /// <summary>Gets the input bytes in new blocks.</summary>
    public long NewBytes { get; }

    /// <summary>Gets the number of blocks the store already held (deduplicated), all-zero blocks included.</summary>
    public int DeduplicatedBlocks { get; }

    /// <summary>Gets the input bytes in deduplicated blocks.</summary>
    public long DeduplicatedBytes { get; }
}
