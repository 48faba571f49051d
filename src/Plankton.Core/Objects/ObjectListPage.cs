namespace Plankton.Core.Objects;

/// <summary>One page of an object listing, in ascending name order.</summary>
public sealed class ObjectListPage
{
    /// <summary>Initializes a new instance of the <see cref="ObjectListPage"/> class.</summary>
    /// <param name="entries">The entries, in name order.</param>
    /// <param name="nextMarker">The marker of the next page, or <see langword="null"/> when this is the last one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public ObjectListPage(IReadOnlyList<ObjectListEntry> entries, string? nextMarker)
    {
        ArgumentNullException.ThrowIfNull(entries);
        Entries = entries;
        NextMarker = nextMarker;
    }

    /// <summary>Gets the entries, objects and subdirectories, in ascending name order.</summary>
    public IReadOnlyList<ObjectListEntry> Entries { get; }

    /// <summary>Gets the value for <see cref="ListObjectsOptions.Marker"/> that lists the next page, or <see langword="null"/> when nothing follows.</summary>
    public string? NextMarker { get; }
}
