namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Name-ordered listings driven by a filter other than an equality (an attribute range, <c>!=</c>, existence, a size
/// range), the bounded probes that choose between driving and walking names, and history listings (<c>until</c>).
/// </summary>
/// <remarks>
/// <para>A driven listing reads only the objects in the filter's range of an index (<c>ix_listing_value</c> for an
/// attribute, <c>ix_objects_live_size</c> for a size) and sorts them by name: its cost is the number of matches,
/// which the probe bounds (<c>CatalogueObjectStore.DriveProbeLimit</c>). The range is a superset of the filter (<c>&gt;</c> reads from the value
/// inclusive, <c>!=</c> reads every value of the key); <see cref="ListConditions"/> then tests every filter exactly.</para>
/// <para>Every stored attribute value is non-empty, so <c>@DriveLow = ''</c> reads every value of a key.</para>
/// </remarks>
internal static partial class Sql
{
    /// <summary>The listing index's rows (alias <c>l</c>) with their versions, objects, containers and accounts.</summary>
    internal const string FromListing = """

        FROM listing l
        JOIN versions v ON v.serial = l.serial
        JOIN objects o ON o.object_id = v.object_id
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        """;

    /// <summary>The listing index's rows of one key (<c>@DriveKey</c> in <c>@Domain</c>).</summary>
    private const string FromListingKey = FromListing + """

        WHERE l.container_id = @ContainerId AND l.domain = @Domain AND l.attr_key = @DriveKey
        """;

    /// <summary>The rows of the listing index with values of <c>@DriveKey</c> from <c>@DriveLow</c> on (a <c>FROM</c> clause, also for sorted listings).</summary>
    internal const string FromValueRange = FromListingKey + " AND l.attr_value >= @DriveLow";

    /// <summary>The rows of the listing index with values of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>.</summary>
    internal const string FromValueRangeCapped = FromValueRange + """

          AND l.attr_value <= @DriveHigh
        """;

    /// <summary>
    /// The size range is read first (a materialised <c>WITH</c> item, which both engines keep as written): otherwise
    /// SQLite prefers walking the names, whose order the page wants, and tests every object of the container.
    /// </summary>
    internal const string SizeRangeWith = """
        WITH m(object_id) AS MATERIALIZED (
            SELECT object_id FROM objects WHERE container_id = @ContainerId AND live_size >= @DriveMin AND live_size <= @DriveMax)

        """;

    /// <summary>
    /// The objects of <see cref="SizeRangeWith"/> with their latest versions, containers and accounts. <c>CROSS JOIN</c>
    /// keeps <c>m</c> the outer loop in SQLite (it never reorders one), so each object is found by its key; PostgreSQL
    /// reads it as a plain join.
    /// </summary>
    internal const string FromSizeRange = """

        FROM m
        CROSS JOIN objects o
        JOIN versions v ON v.serial = o.latest_serial
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE o.object_id = m.object_id AND o.container_id = @ContainerId
        """;

    private const string DrivenNames = """

          AND o.name > @After AND o.name >= @From
        """;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> from <c>@DriveLow</c> on, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsFromValueUnbounded = VersionColumns + FromValueRange + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> from <c>@DriveLow</c> on, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsFromValueBounded = VersionColumns + FromValueRange + DrivenNames + ListUpperBound + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsBetweenValuesUnbounded = VersionColumns + FromValueRangeCapped + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsBetweenValuesBounded = VersionColumns + FromValueRangeCapped + DrivenNames + ListUpperBound + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by live sizes in <c>[@DriveMin, @DriveMax]</c>, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsBySizeUnbounded = SizeRangeWith + VersionColumns + FromSizeRange + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by live sizes in <c>[@DriveMin, @DriveMax]</c>, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsBySizeBounded = SizeRangeWith + VersionColumns + FromSizeRange + DrivenNames + ListUpperBound + ListConditions + ListByName;

    /// <summary>How many listed objects (at most <c>@Probe</c>) have a value of <c>@DriveKey</c> from <c>@DriveLow</c> on.</summary>
    public const string ProbeFromValue = """
        WITH p(x) AS (
            SELECT 1 FROM listing
            WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value >= @DriveLow
            LIMIT @Probe)
        SELECT COUNT(*) FROM p
        """;

    /// <summary>How many listed objects (at most <c>@Probe</c>) have a value of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>.</summary>
    public const string ProbeBetweenValues = """
        WITH p(x) AS (
            SELECT 1 FROM listing
            WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value >= @DriveLow AND attr_value <= @DriveHigh
            LIMIT @Probe)
        SELECT COUNT(*) FROM p
        """;

    /// <summary>How many objects (at most <c>@Probe</c>) have a live latest version with a size in <c>[@DriveMin, @DriveMax]</c>.</summary>
    public const string ProbeSize = """
        WITH p(x) AS (
            SELECT 1 FROM objects
            WHERE container_id = @ContainerId AND live_size >= @DriveMin AND live_size <= @DriveMax
            LIMIT @Probe)
        SELECT COUNT(*) FROM p
        """;

    /// <summary>
    /// A history listing (<c>until</c>, spec §9.9): each object's latest version at <c>@AsOf</c> (the greatest serial
    /// with <c>mtime ≤ @AsOf</c>, found per object in <c>ix_versions_object_serial</c>) unless it is a deletion
    /// marker, in name order; the filters test that version's size and attributes. History is rare, so the statement
    /// walks the container's names rather than keeping an index per point in time; it is one query per batch.
    /// </summary>
    private const string HistoryHead = VersionColumns + """

        FROM objects o
        JOIN versions v ON v.serial = (SELECT MAX(h.serial) FROM versions h WHERE h.object_id = o.object_id AND h.mtime <= @AsOf)
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE o.container_id = @ContainerId AND o.name > @After AND o.name >= @From
        """;

    private const string HistoryNotDeleted = """

          AND v.cluster <> 2

        """;

    /// <summary>One batch of a history listing, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListHistoryUnbounded = HistoryHead + HistoryNotDeleted + VersionConditions + ListByName;

    /// <summary>One batch of a history listing, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListHistoryBounded = HistoryHead + ListUpperBound + HistoryNotDeleted + VersionConditions + ListByName;
}
