namespace Plankton.Core.Objects;

/// <summary>One entry of an object listing: an object, or a subdirectory (a common prefix when listing with a delimiter).</summary>
public sealed class ObjectListEntry
{
    /// <summary>Initializes a new instance of the <see cref="ObjectListEntry"/> class for an object.</summary>
    /// <param name="info">The object's latest version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> is <see langword="null"/>.</exception>
    public ObjectListEntry(ObjectInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Name = info.Path.Name;
        Info = info;
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectListEntry"/> class for an object listed with its metadata.</summary>
    /// <param name="info">The object's latest version.</param>
    /// <param name="metadata">The version's metadata in the listing's domain.</param>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> or <paramref name="metadata"/> is <see langword="null"/>.</exception>
    public ObjectListEntry(ObjectInfo info, IReadOnlyDictionary<string, string> metadata)
        : this(info)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Metadata = metadata;
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectListEntry"/> class for a subdirectory.</summary>
    /// <param name="subdirectory">The common prefix, ending with the delimiter.</param>
    /// <exception cref="ArgumentException"><paramref name="subdirectory"/> is empty.</exception>
    public ObjectListEntry(string subdirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(subdirectory);
        Name = subdirectory;
    }

    /// <summary>Gets the object name inside the container, or the subdirectory's common prefix.</summary>
    public string Name { get; }

    /// <summary>Gets the object's latest version, or <see langword="null"/> for a subdirectory.</summary>
    public ObjectInfo? Info { get; }

    /// <summary>
    /// Gets the object's metadata in the listing's domain when the listing asked for it
    /// (<see cref="ListObjectsOptions.IncludeMetadata"/>), else <see langword="null"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; }

    /// <summary>Gets a value indicating whether the entry is a subdirectory (a common prefix).</summary>
    public bool IsSubdirectory => Info is null;
}
