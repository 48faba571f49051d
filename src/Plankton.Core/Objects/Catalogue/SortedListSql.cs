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
/// without the first key are listed by <see cref="Generic"/> with <c>@MissingKey</c> set (before the others when
/// ascending, after them when descending).</para>
/// <para><see cref="Generic"/> sorts every object that passes the conditions (a first key that is a system field).</para>
/// <para>The position (<c>@Positioned</c> = 1) is the previous page's last entry: its values <c>@AfterTextN</c>
/// (text slots) or <c>@AfterNumN</c> (size) and its name <c>@AfterName</c>; rows strictly after it in the sort order
/// are listed.</para>
/// </remarks>
internal static class SortedListSql
{
    private const int Slots = ObjectStoreConstants.MaxListSortKeys;

    /// <summary>Every object passing the conditions, sorted (a full sort); <c>@MissingKey</c>, when set, keeps only objects without that key.</summary>
    public static readonly string Generic = Build(driven: null);

    /// <summary>Objects with the first key, ascending from <c>@Bound</c> (the position's first value, or an empty string).</summary>
    public static readonly string DrivenAsc = Build(driven: "asc");

    /// <summary>Objects with the first key, descending from the largest value.</summary>
    public static readonly string DrivenDesc = Build(driven: "desc");

    /// <summary>Objects with the first key, descending from <c>@Bound</c> (the position's first value).</summary>
    public static readonly string DrivenDescFrom = Build(driven: "descfrom");

    /// <summary>How many listed objects of the container have a key in <c>@Domain</c> but lack <c>@SortKey1</c> (from the counts the listing index keeps).</summary>
    public const string CountMissing = """
        SELECT COALESCE((SELECT objects FROM listing_counts WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = ''), 0)
             - COALESCE((SELECT objects FROM listing_counts WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @SortKey1), 0)
        """;

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

    private static string Text(int i, bool driven) => driven && i == 1
        ? "l.attr_value"
        : string.Create(CultureInfo.InvariantCulture, $"""
            (CASE WHEN @Kind{i} = 0 THEN COALESCE((SELECT s{i}.attr_value FROM attributes s{i} WHERE s{i}.serial = v.serial AND s{i}.domain = @Domain AND s{i}.attr_key = @SortKey{i}), '') WHEN @Kind{i} = 1 THEN o.name WHEN @Kind{i} = 3 THEN v.uuid END)
            """);

    private static string Number(int i, bool driven) => driven && i == 1
        ? "NULL"
        : string.Create(CultureInfo.InvariantCulture, $"(CASE WHEN @Kind{i} = 2 THEN v.size END)");

    private static string Build(string? driven)
    {
        bool isDriven = driven is not null;
        var sql = new StringBuilder(Sql.VersionColumns);
        if (isDriven)
        {
            sql.Append("""

                FROM listing l
                JOIN versions v ON v.serial = l.serial
                JOIN objects o ON o.object_id = v.object_id
                JOIN containers c ON c.container_id = o.container_id
                JOIN accounts a ON a.account_id = c.account_id
                WHERE l.container_id = @ContainerId AND l.domain = @Domain AND l.attr_key = @SortKey1
                """);
            sql.Append(driven switch
            {
                "asc" => " AND l.attr_value >= @Bound",
                "descfrom" => " AND l.attr_value <= @Bound",
                _ => string.Empty,
            });
        }
        else
        {
            sql.Append("""

                FROM objects o
                JOIN versions v ON v.serial = o.latest_serial
                JOIN containers c ON c.container_id = o.container_id
                JOIN accounts a ON a.account_id = c.account_id
                WHERE o.container_id = @ContainerId
                  AND (@MissingKey IS NULL OR NOT EXISTS (SELECT 1 FROM attributes m WHERE m.serial = v.serial AND m.domain = @Domain AND m.attr_key = @MissingKey))
                """);
        }

        sql.Append("""

              AND o.name >= @From AND (@Until IS NULL OR o.name < @Until)
            """);
        sql.Append(Sql.ListConditions);
        sql.Append("\n  AND (@Positioned = 0 OR ");
        AppendAfter(sql, 1, isDriven);
        sql.Append(")\nORDER BY ");
        if (isDriven)
        {
            sql.Append(driven == "asc" ? "l.attr_value ASC" : "l.attr_value DESC");
        }

        for (int i = isDriven ? 2 : 1; i <= Slots; i++)
        {
            string text = Text(i, false);
            string number = Number(i, false);
            sql.Append(i == 1 ? string.Empty : ", ").Append(string.Create(CultureInfo.InvariantCulture, $"""
                CASE WHEN @Desc{i} = 0 THEN {text} END ASC, CASE WHEN @Desc{i} = 1 THEN {text} END DESC,
                  CASE WHEN @Desc{i} = 0 THEN {number} END ASC, CASE WHEN @Desc{i} = 1 THEN {number} END DESC
                """));
        }

        sql.Append(", o.name ASC\nLIMIT @Take");
        return sql.ToString();
    }

    /// <summary>Strictly after the position from slot <paramref name="i"/> on: a later value, or the same and later on the next slots, finally the name.</summary>
    private static void AppendAfter(StringBuilder sql, int i, bool driven)
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
