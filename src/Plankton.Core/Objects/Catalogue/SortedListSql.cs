using System.Globalization;
using System.Text;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// The statements of sorted listings (<see cref="ListObjectsOptions.Sort"/>), built once from one template so that
/// their text is fixed (Dapper caches per text): every sort key is a slot (<c>@KindN</c> = <see cref="ObjectSortField"/>,
/// null = unused; <c>@SortKeyN</c> the attribute key; <c>@DescN</c> 1 for descending), read as a text value
/// (attribute, name, uuid) or a number (size). The name is the last tie-breaker. Standard SQL, as in <see cref="Sql"/>.
/// </summary>
/// <remarks>
/// <para>When the first key is an attribute, <see cref="DrivenAsc"/>/<see cref="DrivenDesc"/>/<see cref="DrivenDescFrom"/>
/// walk the listing index (schema version 3) in that key's value order from the position, so a page costs the rows
/// it passes over, not the container's size; SQLite sorts only the ties of the first key by the other keys. Objects
/// without the first key are a group of ties like any other, listed with the test <c>!key</c> (before the others when
/// ascending, after them when descending).</para>
/// <para>When the first key is a system field, <see cref="Driven"/> walks the index of that field in the same way:
/// the object names, or the live latest size or uuid kept on each object row (schema version 6). With a single sort
/// key the ascending walk needs no sort at all; otherwise (and descending, whose name tie-breaker runs against the
/// index) only the ties of the first key are sorted.</para>
/// <para>The position (<c>@Positioned</c> = 1) is the previous page's last entry: its values <c>@AfterTextN</c>
/// (text slots) or <c>@AfterNumN</c> (size) and its name <c>@AfterName</c>; rows strictly after it in the sort order
/// are listed.</para>
/// </remarks>
internal static partial class SortedListSql
{
    private const int Slots = ObjectStoreConstants.MaxListSortKeys;

    /// <summary>Every driven statement, by first field, walk and the number of sort keys ordered (1, or every slot); declared before the fields that read it, as static fields initialise in order.</summary>
    private static readonly Dictionary<(ObjectSortField, SortWalk, int), string> s_driven = BuildDriven();

    /// <summary>The objects with values of <c>@DriveKey</c> from <c>@DriveLow</c> on, sorted (a sort of those matches only).</summary>
    public static readonly string FilteredFromValue = Build(field: null, SortWalk.Ascending, Slots, (string.Empty, Sql.FromValueRange));

    /// <summary>The objects with values of <c>@DriveKey</c> in <c>[@DriveLow, @DriveHigh]</c>, sorted.</summary>
    public static readonly string FilteredBetweenValues = Build(field: null, SortWalk.Ascending, Slots, (string.Empty, Sql.FromValueRangeCapped));

    /// <summary>The objects with a value of <c>@DriveKey</c> other than <c>@DriveValue</c>, sorted.</summary>
    public static readonly string FilteredOtherValues = Build(field: null, SortWalk.Ascending, Slots, (Sql.OtherValuesWith, Sql.FromOtherValues));

    /// <summary>The objects with live sizes in <c>[@DriveMin, @DriveMax]</c>, sorted.</summary>
    public static readonly string FilteredBySize = Build(field: null, SortWalk.Ascending, Slots, (Sql.SizeRangeWith, Sql.FromSizeRange));

    /// <summary>Objects with the first key, ascending from <c>@Bound</c> (the position's first value, or an empty string).</summary>
    public static readonly string DrivenAsc = Driven(ObjectSortField.Attribute, SortWalk.Ascending, Slots);

    /// <summary>Objects with the first key, descending from the largest value.</summary>
    public static readonly string DrivenDesc = Driven(ObjectSortField.Attribute, SortWalk.Descending, Slots);

    /// <summary>Objects with the first key, descending from <c>@Bound</c> (the position's first value).</summary>
    public static readonly string DrivenDescFrom = Driven(ObjectSortField.Attribute, SortWalk.DescendingFrom, Slots);

    /// <summary>How many listed objects of the container have a key in <c>@Domain</c> but lack <c>@SortKey1</c> (from the counts the listing index keeps).</summary>
    public const string CountMissing = """
        SELECT COALESCE((SELECT objects FROM listing_counts WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = ''), 0)
             - COALESCE((SELECT objects FROM listing_counts WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @SortKey1), 0)
        """;

    /// <summary>The container's largest object name (the last name of a position after a whole group).</summary>
    public const string LargestName = "SELECT MAX(name) FROM objects WHERE container_id = @ContainerId";

    /// <summary>The container's largest live uuid (from <c>ix_objects_live_uuid</c>).</summary>
    public const string LargestUuid = "SELECT MAX(live_uuid) FROM objects WHERE container_id = @ContainerId";

    /// <summary>The largest value of the key <c>@LargestKey</c> in <c>@Domain</c> in the container (from the listing index).</summary>
    public const string LargestValue = "SELECT MAX(attr_value) FROM listing WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @LargestKey";

    /// <summary>
    /// The metadata of a page's versions in one domain, for engines without array parameters (SQLite): Dapper expands
    /// <c>IN @Serials</c> into one parameter per serial. See <see cref="ICatalogueDialect.MetadataOfSerials"/>.
    /// </summary>
    public const string MetadataOfSerials = """
        SELECT serial AS Serial, attr_key AS "Key", attr_value AS "Value" FROM attributes
        WHERE domain = @Domain AND serial IN @Serials
        """;

    /// <summary>
    /// <see cref="MetadataOfSerials"/> for engines with array parameters (PostgreSQL): Dapper passes <c>@Serials</c>
    /// as one array there, which <c>IN</c> does not take.
    /// </summary>
    public const string MetadataOfSerialsArray = """
        SELECT serial AS Serial, attr_key AS "Key", attr_value AS "Value" FROM attributes
        WHERE domain = @Domain AND serial = ANY (@Serials)
        """;

    /// <summary>
    /// The statement that walks the index of the first key's field in the given direction: the listing index for an
    /// attribute, the object names for the name, and the live latest size or uuid (schema version 6) for those. With one
    /// sort key (<paramref name="sortKeys"/> = 1) the order is the index's own when ascending, so ties of the first key
    /// need no sort either (the name follows in the index).
    /// </summary>
    /// <param name="field">The first sort key's field.</param>
    /// <param name="walk">The direction, and whether a position bounds it.</param>
    /// <param name="sortKeys">How many sort keys the listing has.</param>
    /// <returns>The statement text (fixed, built once).</returns>
    public static string Driven(ObjectSortField field, SortWalk walk, int sortKeys) => s_driven[(field, walk, sortKeys == 1 ? 1 : Slots)];

    private static Dictionary<(ObjectSortField, SortWalk, int), string> BuildDriven()
    {
        var statements = new Dictionary<(ObjectSortField, SortWalk, int), string>();
        foreach (ObjectSortField field in Enum.GetValues<ObjectSortField>())
        {
            foreach (SortWalk walk in Enum.GetValues<SortWalk>())
            {
                statements[(field, walk, 1)] = Build(field, walk, 1);
                statements[(field, walk, Slots)] = Build(field, walk, Slots);
            }
        }

        return statements;
    }

    /// <summary>The first key's column in the driving index, read as text (null for the size).</summary>
    private static string DrivenText(ObjectSortField field) => field switch
    {
        ObjectSortField.Attribute => "l.attr_value",
        ObjectSortField.Name => "o.name",
        ObjectSortField.Uuid => "o.live_uuid",
        _ => "NULL",
    };

    private static string Text(int i, ObjectSortField? driven) => driven is ObjectSortField field && i == 1
        ? DrivenText(field)
        : string.Create(CultureInfo.InvariantCulture, $"""
            (CASE WHEN @Kind{i} = 0 THEN COALESCE((SELECT s{i}.attr_value FROM attributes s{i} WHERE s{i}.serial = v.serial AND s{i}.domain = @Domain AND s{i}.attr_key = @SortKey{i}), '') WHEN @Kind{i} = 1 THEN o.name WHEN @Kind{i} = 3 THEN v.uuid END)
            """);

    private static string Number(int i, ObjectSortField? driven) => driven is ObjectSortField field && i == 1
        ? (field == ObjectSortField.Size ? "o.live_size" : "NULL")
        : string.Create(CultureInfo.InvariantCulture, $"(CASE WHEN @Kind{i} = 2 THEN v.size END)");

    private static string Build(ObjectSortField? field, SortWalk walk, int slots, (string With, string From)? filter = null, SortWindowPart? window = null)
    {
        // A walk with its own lower bound on the first key leaves out the live range's (>= 0, > ''): SQLite bounds an
        // index range by one lower bound only, and with both it may take the live range and pass over every row
        // below the walk's bound (seen: a descending window's 'live_size > end' read the whole container).
        bool lowerBounded = walk == SortWalk.Ascending || window is SortWindowPart.Before or SortWindowPart.TieUpTo or SortWindowPart.TieFrom;
        var sql = new StringBuilder(filter?.With).Append(Sql.VersionColumns).Append(filter is (_, string from) ? from : From(field!.Value, liveRange: !lowerBounded));
        string column = field is ObjectSortField f ? (f == ObjectSortField.Size ? "o.live_size" : DrivenText(f)) : string.Empty;
        string bound = field == ObjectSortField.Size ? "@BoundNum" : "@Bound";
        if (field is not null)
        {
            sql.Append(walk switch
            {
                SortWalk.Ascending => $" AND {column} >= {bound}",
                SortWalk.DescendingFrom => $" AND {column} <= {bound}",
                _ => string.Empty,
            });
        }

        if (window is SortWindowPart part && field is ObjectSortField windowField)
        {
            // The scan window's last first-key value bounds the index range on the other side: up to it, ties
            // included (Walk), strictly before it (Before), or only it, between two names (TieUpTo, TieFrom: one
            // sort key, whose ties are in name order in the index).
            string end = windowField == ObjectSortField.Size ? "@EndBoundNum" : "@EndBound";
            string name = windowField == ObjectSortField.Attribute ? "l.name" : "o.name"; // the index's own column
            bool ascending = walk == SortWalk.Ascending;
            sql.Append(part switch
            {
                SortWindowPart.Before => ascending ? $" AND {column} < {end}" : $" AND {column} > {end}",
                SortWindowPart.TieUpTo => $" AND {column} = {end} AND {name} > @FromName AND {name} <= @EndName",
                SortWindowPart.TieFrom => $" AND {column} = {end} AND {name} > @FromName",
                _ => ascending ? $" AND {column} <= {end}" : $" AND {column} >= {end}",
            });
        }

        // One value's ties between two names bound the index range by those names: the prefix's lower bound is then
        // written so that no index range takes it (SQLite, given three bounds on the name, walks the names instead).
        bool tie = window is SortWindowPart.TieUpTo or SortWindowPart.TieFrom;
        sql.Append(tie ? "\n  AND (@From = '' OR o.name >= @From)" : "\n  AND o.name >= @From").Append(" AND (@Until IS NULL OR o.name < @Until)");
        sql.Append(Sql.ListConditions);
        sql.Append("\n  AND (@Positioned = 0 OR ");
        AppendAfter(sql, 1, field);
        sql.Append(")\nORDER BY ");
        if (field is not null)
        {
            sql.Append(column).Append(walk == SortWalk.Ascending ? " ASC" : " DESC");
        }

        for (int i = field is null ? 1 : 2; i <= slots; i++)
        {
            string text = Text(i, null);
            string number = Number(i, null);
            sql.Append(i == 1 ? string.Empty : ", ").Append(string.Create(CultureInfo.InvariantCulture, $"""
                CASE WHEN @Desc{i} = 0 THEN {text} END ASC, CASE WHEN @Desc{i} = 1 THEN {text} END DESC,
                  CASE WHEN @Desc{i} = 0 THEN {number} END ASC, CASE WHEN @Desc{i} = 1 THEN {number} END DESC
                """));
        }

        // The name last; for an attribute walk, the listing index's copy of it, so that one value's ties come in the
        // index's order (the index does not know that the object's name is the same).
        sql.Append(field == ObjectSortField.Attribute ? ", l.name ASC" : ", o.name ASC").Append("\nLIMIT @Take");
        return sql.ToString();
    }

    /// <summary>
    /// The rows a sorted walk reads, with their versions, objects, containers and accounts: the listing index's rows
    /// of the first key (an attribute), or the container's objects (a system field, with its index range for the size
    /// and uuid unless the walk bounds that itself).
    /// </summary>
    private static string From(ObjectSortField field, bool liveRange)
    {
        if (field == ObjectSortField.Attribute)
        {
            return Sql.FromListing + "\nWHERE l.container_id = @ContainerId AND l.domain = @Domain AND l.attr_key = @SortKey1";
        }

        return """

            FROM objects o
            JOIN versions v ON v.serial = o.latest_serial
            JOIN containers c ON c.container_id = o.container_id
            JOIN accounts a ON a.account_id = c.account_id
            WHERE o.container_id = @ContainerId
            """ + (liveRange ? LiveRange(field, "o.") : string.Empty);
    }

    /// <summary>
    /// The live objects of a system field's index, as an index range (<c>live_size &gt;= 0</c>, <c>live_uuid &gt; ''</c>;
    /// the dead have null there), with the column's table alias (<c>"o."</c> or empty); nothing for the name or an
    /// attribute. Any other bound on the column also leaves out the dead.
    /// </summary>
    private static string LiveRange(ObjectSortField field, string alias) => field switch
    {
        ObjectSortField.Size => $" AND {alias}live_size >= 0",
        ObjectSortField.Uuid => $" AND {alias}live_uuid > ''",
        _ => string.Empty,
    };

    /// <summary>Strictly after the position from slot <paramref name="i"/> on: a later value, or the same and later on the next slots, finally the name.</summary>
    private static void AppendAfter(StringBuilder sql, int i, ObjectSortField? driven)
    {
        if (i > Slots)
        {
            sql.Append("o.name > @AfterName");
            return;
        }

        string text = Text(i, driven);
        string number = Number(i, driven);
        sql.Append(string.Create(CultureInfo.InvariantCulture, $"""
            ((@Kind{i} IS NOT NULL AND ((@Desc{i} = 0 AND ({text} > @AfterText{i} OR {number} > @AfterNum{i}))
              OR (@Desc{i} = 1 AND ({text} < @AfterText{i} OR {number} < @AfterNum{i}))))
             OR ((@Kind{i} IS NULL OR {text} = @AfterText{i} OR {number} = @AfterNum{i})
            """)).Append(" AND ");
        AppendAfter(sql, i + 1, driven);
        sql.Append("))");
    }
}
