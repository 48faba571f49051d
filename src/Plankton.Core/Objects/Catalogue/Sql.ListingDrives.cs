namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Name-ordered listings driven by a filter other than an equality (an attribute range, <c>!=</c>, existence, a size
/// range), the bounded probes that choose between driving and walking names, and history listings (<c>until</c>).
/// </summary>
/// <remarks>
/// <para>A driven listing reads only the objects in the filter's range of an index (<c>ix_listing_value</c> for an
/// attribute, <c>ix_objects_live_size</c> for a size) and sorts them by name: its cost is the number of matches,
/// which the probe bounds (<c>CatalogueObjectStore.DriveProbeLimit</c>). The range is a superset of the filter (<c>&gt;</c> reads from the value
/// inclusive); <see cref="ListConditions"/> then tests every filter exactly. <c>!=</c> reads the two ranges on either
/// side of its value.</para>
/// <para>A walk (the names, an equality filter's index, history) reads its rows in name order and may reject any
/// number of them: <see cref="NameWindow"/> and <see cref="ValueWindow"/> bound what one page reads.</para>
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

    /// <summary>
    /// The rows of the listing index with a value of <c>@DriveKey</c> other than <c>@DriveValue</c> (a <c>!=</c>
    /// filter, which needs the key, spec §9.9), as the two ranges on either side of the value, read first (a
    /// materialised <c>WITH</c> item): the objects holding that value, however many, are never read.
    /// </summary>
    internal const string OtherValuesWith = """
        WITH m(serial) AS MATERIALIZED (
            SELECT serial FROM listing
            WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value < @DriveValue
            UNION ALL
            SELECT serial FROM listing
            WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value > @DriveValue)

        """;

    /// <summary>
    /// The versions of <see cref="OtherValuesWith"/> (each a live latest version) with their objects, containers and
    /// accounts. <c>CROSS JOIN</c> keeps <c>m</c>, then the version, outside the object in SQLite: otherwise, with an
    /// upper name bound, it walks the names and tests each against <c>m</c>.
    /// </summary>
    internal const string FromOtherValues = """

        FROM m
        CROSS JOIN versions v
        CROSS JOIN objects o
        JOIN containers c ON c.container_id = o.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE v.serial = m.serial AND o.object_id = v.object_id AND o.container_id = @ContainerId
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

    /// <summary>One batch of a listing driven by the values of <c>@DriveKey</c> other than <c>@DriveValue</c>, names in <c>(@After, ∞) ∩ [@From, ∞)</c>.</summary>
    public const string ListObjectsOtherValuesUnbounded = OtherValuesWith + VersionColumns + FromOtherValues + DrivenNames + ListConditions + ListByName;

    /// <summary>One batch of a listing driven by the values of <c>@DriveKey</c> other than <c>@DriveValue</c>, names in <c>(@After, ∞) ∩ [@From, @Until)</c>.</summary>
    public const string ListObjectsOtherValuesBounded = OtherValuesWith + VersionColumns + FromOtherValues + DrivenNames + ListUpperBound + ListConditions + ListByName;

    /// <summary>How many listed objects (at most <c>@Probe</c> on each side) have a value of <c>@DriveKey</c> other than <c>@DriveValue</c>.</summary>
    public const string ProbeOtherValues = """
        WITH p(x) AS (
            SELECT 1 FROM listing
            WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value < @DriveValue
            LIMIT @Probe),
        q(x) AS (
            SELECT 1 FROM listing
            WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value > @DriveValue
            LIMIT @Probe)
        SELECT (SELECT COUNT(*) FROM p) + (SELECT COUNT(*) FROM q)
        """;

    /// <summary>
    /// The end of a name walk's scan window (<c>CatalogueObjectStore.ListScanLimit</c>): the last name the window
    /// holds and the first after it, of the container's objects in <c>(@After, ∞) ∩ [@From, @Until)</c>, live or
    /// not (a walk reads them all); fewer than two rows when the rest of the walk fits in the window.
    /// </summary>
    public const string NameWindow = """
        SELECT name FROM objects
        WHERE container_id = @ContainerId AND name > @After AND name >= @From AND (@Until IS NULL OR name < @Until)
        ORDER BY name
        LIMIT 2 OFFSET @ScanOffset
        """;

    /// <summary>The end of the scan window of a walk of an equality filter's index (<c>@DriveKey = @DriveValue</c>), as <see cref="NameWindow"/>.</summary>
    public const string ValueWindow = """
        SELECT name FROM listing
        WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @DriveKey AND attr_value = @DriveValue
          AND name > @After AND name >= @From AND (@Until IS NULL OR name < @Until)
        ORDER BY name
        LIMIT 2 OFFSET @ScanOffset
        """;

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
