namespace Plankton.Core.Objects;

/// <summary>
/// How an object is copied (<see cref="IObjectStore.CopyAsync"/>):
/// which version of the source, and metadata of one domain to apply to the copy in the same new version.
/// </summary>
/// <remarks>
/// Metadata given here is written by the same transaction that makes the copy, so no reader (and no crash) ever sees
/// the copy with the source's keys in that domain; Pithos' copy takes the same domain, metadata and replace flag.
/// </remarks>
public sealed class ObjectCopyOptions
{
    /// <summary>Gets or sets the version serial of the source to copy.</summary>
    /// <value>The default value is <see langword="null"/>: the source's latest version.</value>
    public long? Version { get; set; }

    /// <summary>Gets or sets the metadata domain that <see cref="Metadata"/> applies to.</summary>
    /// <value>The default value is <see langword="null"/>: the copy carries the source's metadata unchanged.</value>
    public string? MetadataDomain { get; set; }

    /// <summary>Gets or sets metadata to apply in <see cref="MetadataDomain"/> to the copy (an empty value deletes a key when merging).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="Metadata"/> replaces the domain's keys carried from the source instead of being merged into them.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool ReplaceMetadata { get; set; }
}
