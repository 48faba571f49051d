namespace Plankton.Core.Objects;

/// <summary>What an object listing returns: a name range, a page size and filters, all combined with AND.</summary>
public sealed class ListObjectsOptions
{
    /// <summary>Gets or sets the prefix every listed name starts with.</summary>
    /// <value>The default value is <see langword="null"/>: every name.</value>
    public string? Prefix { get; set; }

    /// <summary>
    /// Gets or sets the delimiter: a name that has it after the prefix (and does not end with it) is reported once as
    /// a subdirectory entry, the common prefix up to and including the delimiter.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no grouping.</value>
    public char? Delimiter { get; set; }

    /// <summary>Gets or sets the marker: only names after it are listed (a page's <see cref="ObjectListPage.NextMarker"/>).</summary>
    /// <value>The default value is <see langword="null"/>: from the first name.</value>
    public string? Marker { get; set; }

    /// <summary>Gets or sets the most entries (objects and subdirectories) in one page, from 1 to <see cref="ObjectStoreConstants.MaxListLimit"/>.</summary>
    /// <value>The default value is <see cref="ObjectStoreConstants.DefaultListLimit"/>.</value>
    public int Limit { get; set; } = ObjectStoreConstants.DefaultListLimit;

    /// <summary>Gets or sets the metadata domain: only objects with at least one key in it are listed, and <see cref="Filters"/> test its keys.</summary>
    /// <value>The default value is <see langword="null"/>: no domain restriction (and no filters allowed).</value>
    public string? Domain { get; set; }

    /// <summary>Gets or sets attribute tests that every listed object passes (at most <see cref="ObjectStoreConstants.MaxListFilters"/>); they need <see cref="Domain"/>.</summary>
    /// <value>The default value is <see langword="null"/>: no attribute tests.</value>
    public IReadOnlyList<AttributeFilter>? Filters { get; set; }

    /// <summary>Gets or sets the smallest size listed, in bytes (inclusive).</summary>
    /// <value>The default value is <see langword="null"/>: no lower bound.</value>
    public long? MinSize { get; set; }

    /// <summary>Gets or sets the largest size listed, in bytes (inclusive).</summary>
    /// <value>The default value is <see langword="null"/>: no upper bound.</value>
    public long? MaxSize { get; set; }

    /// <summary>Gets or sets a value indicating whether only shared objects are listed: those with permissions in force (their own or a folder's).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool SharedOnly { get; set; }

    /// <summary>Gets or sets a value indicating whether only public objects are listed: those whose permissions in force grant <see cref="ObjectPermissions.Everyone"/> access.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool PublicOnly { get; set; }

    /// <summary>
    /// Gets or sets the sort order (at most <see cref="ObjectStoreConstants.MaxListSortKeys"/> keys, then the name
    /// ascending as the last tie-breaker). Attribute keys need <see cref="Domain"/>; a sorted listing takes no
    /// <see cref="Delimiter"/>. Its pages continue from <see cref="SortAfter"/> and <see cref="Marker"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: name order.</value>
    public IReadOnlyList<ObjectSortKey>? Sort { get; set; }

    /// <summary>
    /// Gets or sets where a sorted listing continues: the sort values of the last entry of the previous page (one per
    /// key of <see cref="Sort"/>, as <see cref="ObjectListPage.NextSortValues"/> gives them: an attribute's value or
    /// an empty string when the object lacks it, the name, the size in invariant digits, the uuid as lower-case
    /// <c>D</c> text), with <see cref="Marker"/> as that entry's name. Only entries after that position are listed.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: from the first entry.</value>
    public IReadOnlyList<string>? SortAfter { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each listed object comes with its metadata in <see cref="Domain"/>
    /// (<see cref="ObjectListEntry.Metadata"/>), read with one query per page.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeMetadata { get; set; }

    /// <summary>
    /// Gets or sets the point in time to list the container as of (a history listing, spec §9.9): for each object, its
    /// latest version with a timestamp at or before this time, unless that version is a deletion marker (the object
    /// was deleted then). Purged versions are gone. Only the account's owner may list history. Prefix, delimiter,
    /// marker, limit, domain, filters, size range and <see cref="IncludeMetadata"/> apply to those versions (their
    /// own size and attributes); <see cref="SharedOnly"/> and <see cref="PublicOnly"/> test today's permissions,
    /// which have no history; a history listing takes no <see cref="Sort"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the live objects.</value>
    public DateTimeOffset? Until { get; set; }
}
