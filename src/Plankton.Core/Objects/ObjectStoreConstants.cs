namespace Plankton.Core.Objects;

/// <summary>Limits and defaults of the object store.</summary>
public static class ObjectStoreConstants
{
    /// <summary>The longest account name, and the longest user id, in characters (the Pithos limit).</summary>
    public const int MaxAccountLength = 256;

    /// <summary>The longest container name in characters.</summary>
    public const int MaxContainerLength = 256;

    /// <summary>The longest object name in characters (Pithos paths are at most 2048 characters in all).</summary>
    public const int MaxObjectNameLength = 1024;

    /// <summary>The longest metadata domain name in characters.</summary>
    public const int MaxDomainLength = 256;

    /// <summary>The longest metadata key in characters.</summary>
    public const int MaxMetadataKeyLength = 128;

    /// <summary>
    /// The longest metadata value in characters: larger than the Pithos 256 so that a JSON property blob fits
    /// (spec §11.10).
    /// </summary>
    public const int MaxMetadataValueLength = 8192;

    /// <summary>The longest content type in characters.</summary>
    public const int MaxContentTypeLength = 256;

    /// <summary>The longest group name in characters (the Pithos limit).</summary>
    public const int MaxGroupLength = 256;

    /// <summary>The most groups one account may have (Pithos's limit, spec §9.8).</summary>
    public const int MaxGroupsPerAccount = 32;

    /// <summary>The most members one group may have (Pithos's limit, spec §9.8).</summary>
    public const int MaxGroupMembers = 32;

    /// <summary>The default number of entries in one page of an object listing.</summary>
    public const int DefaultListLimit = 1000;

    /// <summary>The most entries in one page of an object listing (the Pithos limit).</summary>
    public const int MaxListLimit = 10000;

    /// <summary>
    /// The default of a catalogue store's <c>ListScanLimit</c>: a name-ordered page reads at most this many rows that
    /// its filters may reject (or its limit plus one, if more) before it ends early with a marker to continue from.
    /// 2,000 rows keep such a page near 12 ms of CPU on a container of 100,000 objects (docs/performance.md).
    /// </summary>
    public const int DefaultListScanLimit = 2000;

    /// <summary>The most attribute filters in one object listing.</summary>
    public const int MaxListFilters = 8;

    /// <summary>The most sort keys in one object listing (<see cref="ListObjectsOptions.Sort"/>).</summary>
    public const int MaxListSortKeys = 8;

    /// <summary>The content type of objects written without one.</summary>
    public const string DefaultContentType = "application/octet-stream";
}
