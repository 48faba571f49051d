namespace Plankton.Core.Objects;

/// <summary>One page of an object listing, in ascending name order or in the listing's sort order.</summary>
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

    /// <summary>Initializes a new instance of the <see cref="ObjectListPage"/> class for a sorted listing.</summary>
    /// <param name="entries">The entries, in the listing's sort order.</param>
    /// <param name="nextMarker">The name of the last entry when another page follows, else <see langword="null"/>.</param>
    /// <param name="nextSortValues">The sort values of the last entry when another page follows, else <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entries"/> is <see langword="null"/>.</exception>
    public ObjectListPage(IReadOnlyList<ObjectListEntry> entries, string? nextMarker, IReadOnlyList<string>? nextSortValues)
        : this(entries, nextMarker)
    {
        NextSortValues = nextSortValues;
    }

    /// <summary>Gets the entries, objects and subdirectories, in ascending name order (or the listing's sort order).</summary>
    public IReadOnlyList<ObjectListEntry> Entries { get; }

    /// <summary>
    /// Gets the value for <see cref="ListObjectsOptions.Marker"/> that lists the next page, or <see langword="null"/>
    /// when nothing follows. It may be set on a page with fewer entries than the limit (even none): a store ended the
    /// page early after reading many rows its filters rejected; follow it until it is <see langword="null"/>.
    /// </summary>
    public string? NextMarker { get; }

    /// <summary>
    /// Gets the value for <see cref="ListObjectsOptions.SortAfter"/> that lists the next page of a sorted listing (with
    /// <see cref="NextMarker"/> as the marker), or <see langword="null"/> when nothing follows or the listing is not sorted.
    /// A page that ended early gives the position where its reading stopped, which need not be an object's: after a
    /// group of objects sharing the first sort value, that value, then for each other key the end of its order.
    /// </summary>
    public IReadOnlyList<string>? NextSortValues { get; }
}
