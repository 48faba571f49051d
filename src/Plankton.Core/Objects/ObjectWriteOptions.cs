using Plankton.Core.Ingestion;

namespace Plankton.Core.Objects;

/// <summary>How an object is written: content type, metadata to apply with the data, and ingestion settings.</summary>
public sealed class ObjectWriteOptions
{
    /// <summary>Gets or sets the content type of the new version.</summary>
    /// <value>The default value is <see cref="ObjectStoreConstants.DefaultContentType"/>.</value>
    public string ContentType { get; set; } = ObjectStoreConstants.DefaultContentType;

    /// <summary>Gets or sets the metadata domain that <see cref="Metadata"/> applies to.</summary>
    /// <value>The default value is <see langword="null"/>: the previous version's metadata is carried forward unchanged.</value>
    public string? MetadataDomain { get; set; }

    /// <summary>Gets or sets metadata to apply in <see cref="MetadataDomain"/> with the new version (an empty value deletes a key when merging).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Metadata"/> replaces the domain's keys instead of being merged into them.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ReplaceMetadata { get; set; }

    /// <summary>Gets or sets the ingestion settings for writes from a stream.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="IngestOptions.Default"/>.</value>
    public IngestOptions? Ingest { get; set; }
}
