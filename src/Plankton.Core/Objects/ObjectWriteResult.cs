using Plankton.Core.Ingestion;

namespace Plankton.Core.Objects;

/// <summary>
/// What a write from a stream made: the new version, and how its data arrived (the hashmap, and the blocks and bytes
/// that were new to the block store or already there).
/// </summary>
public sealed class ObjectWriteResult
{
    /// <summary>Initializes a new instance of the <see cref="ObjectWriteResult"/> class.</summary>
    /// <param name="info">The version the write committed.</param>
    /// <param name="ingest">The ingest of the data into the block store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> or <paramref name="ingest"/> is <see langword="null"/>.</exception>
    public ObjectWriteResult(ObjectInfo info, IngestResult ingest)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(ingest);
        Info = info;
        Ingest = ingest;
    }

    /// <summary>Gets the version the write committed.</summary>
    public ObjectInfo Info { get; }

    /// <summary>Gets the ingest of the data: its hashmap and the new and deduplicated blocks and bytes.</summary>
    public IngestResult Ingest { get; }
}
