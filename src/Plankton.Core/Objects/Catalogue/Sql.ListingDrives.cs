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
    private const string ByAttributeRangeHead = VersionColumns + """

        FROM listing l
        JOIN versions v ON v.serial = l.serial
        JOIN objects o ON o.object_id = v.object_id
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE l.container_id = @ContainerId AND l.domain = @Domain AND l.attr_key = @DriveKey AND l.attr_value >= @DriveLow
        """;

    private const string AttributeHigh = """

          AND l.attr_value <= @DriveHigh
        """;

    private const string DrivenNames = """

          AND o.name > @After AND o.name >= @From
        """;

    /// <summary>
    /// The size range is read first (a materialised <c>WITH</c> item, which both engines keep as written): otherwise
    /// SQLite prefers walking the names, whose order the page wants, and tests every object of the container.
    /// </summary>
    private const string BySizeRangeHead = """
        WITH m(object_id) AS MATERIALIZED (
            SELECT object_id FROM objects WHERE container_id = @ContainerId AND live_size >= @DriveMin AND live_size <= @DriveMax)

        """ + VersionColumns + """

        FROM m
        JOIN objects o ON o.object_id = m.object_id
        JOIN versions v ON v.serial = o.latest_serial
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE o.container_id = @ContainerId
        """;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> from <c>@DriveLow</c> on, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsFromValueUnbounded = ByAttributeRangeHead + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> from <c>@DriveLow</c> on, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsFromValueBounded = ByAttributeRangeHead + DrivenNames + ListUpperBound + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsBetweenValuesUnbounded = ByAttributeRangeHead + AttributeHigh + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by values of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsBetweenValuesBounded = ByAttributeRangeHead + AttributeHigh + DrivenNames + ListUpperBound + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by live sizes in <c>[@DriveMin, @DriveMax]</c>, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsBySizeUnbounded = BySizeRangeHead + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by live sizes in <c>[@DriveMin, @DriveMax]</c>, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsBySizeBounded = BySizeRangeHead + DrivenNames + ListUpperBound + ListConditions + ListByName;

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
