using System.Globalization;
using System.Text;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// The statements of a sorted walk's scan window (<see cref="SortWindowPart"/>): where the window ends is found in the
/// first key's index alone, at a first-key value, so that the window's rows are an index range and the page's next
/// position is the last row of that value's ties.
/// </summary>
internal static partial class SortedListSql
{
    /// <summary>Every window statement, by first field, walk, the number of sort keys ordered (1, or every slot) and part.</summary>
    private static readonly Dictionary<(ObjectSortField, SortWalk, int, SortWindowPart), string> s_windows = BuildWindows();

    /// <summary>A statement of a sorted walk's scan window.</summary>
    /// <param name="field">The first sort key's field.</param>
    /// <param name="walk">The direction, and whether a position bounds it.</param>
    /// <param name="sortKeys">How many sort keys the listing has.</param>
    /// <param name="part">Which statement.</param>
    /// <returns>The statement text (fixed, built once).</returns>
    public static string Window(ObjectSortField field, SortWalk walk, int sortKeys, SortWindowPart part) => s_windows[(field, walk, sortKeys == 1 ? 1 : Slots, part)];

    private static Dictionary<(ObjectSortField, SortWalk, int, SortWindowPart), string> BuildWindows()
    {
        var statements = new Dictionary<(ObjectSortField, SortWalk, int, SortWindowPart), string>();
        foreach (ObjectSortField field in Enum.GetValues<ObjectSortField>())
        {
            foreach (SortWalk walk in Enum.GetValues<SortWalk>())
            {
                foreach (int slots in (int[])[1, Slots])
                {
                    statements[(field, walk, slots, SortWindowPart.Edge)] = BuildIndexRead(field, walk, previous: false);
                    statements[(field, walk, slots, SortWindowPart.Previous)] = BuildIndexRead(field, walk, previous: true);
                    statements[(field, walk, slots, SortWindowPart.Walk)] = Build(field, walk, slots, window: SortWindowPart.Walk);
                    statements[(field, walk, slots, SortWindowPart.TieLast)] = BuildTieLast(field, slots);
                    statements[(field, walk, slots, SortWindowPart.EdgeOne)] = BuildEdgeOne(field, walk);
                    statements[(field, walk, slots, SortWindowPart.Before)] = Build(field, walk, slots, window: SortWindowPart.Before);
                    statements[(field, walk, slots, SortWindowPart.TieUpTo)] = Build(field, walk, slots, window: SortWindowPart.TieUpTo);
                }
            }
        }

        return statements;
    }

    /// <summary>
    /// The first key's index alone (a covering read, no join) from the walk's bound, skipping the position's own
    /// first-key value: the values at <c>@ScanOffset</c> and after it (<see cref="SortWindowPart.Edge"/>), or the last
    /// value before <c>@EndBound</c> (<see cref="SortWindowPart.Previous"/>).
    /// </summary>
    private static string BuildIndexRead(ObjectSortField field, SortWalk walk, bool previous)
    {
        (string from, string column) = IndexOf(field, lowerBounded: walk == SortWalk.Ascending || (previous && walk != SortWalk.Ascending));
        bool number = field == ObjectSortField.Size;
        string bound = number ? "@BoundNum" : "@Bound";
        string end = number ? "@EndBoundNum" : "@EndBound";
        bool ascending = walk == SortWalk.Ascending;
        var sql = new StringBuilder("SELECT ").Append(column).Append(" AS \"V\" ").Append(from).Append(PastPosition(column, bound, walk, orLater: null));
        if (previous)
        {
            // The nearest value before the end, in the walk's order: read from the end backwards.
            sql.Append(ascending ? $" AND {column} < {end}" : $" AND {column} > {end}");
            sql.Append(" ORDER BY ").Append(column).Append(ascending ? " DESC" : " ASC").Append(" LIMIT 1");
        }
        else
        {
            sql.Append(" ORDER BY ").Append(column).Append(ascending ? " ASC" : " DESC").Append(" LIMIT 2 OFFSET @ScanOffset");
        }

        return sql.ToString();
    }

    /// <summary>
    /// With one sort key: the first-key values and names at <c>@ScanOffset</c> and after it, in the walk's order (the
    /// value, then the name ascending), from the index alone, after the position (<c>@Bound</c> and
    /// <c>@AfterName</c>): the rows of the position's value before its name are passed over in the index, not counted.
    /// </summary>
    private static string BuildEdgeOne(ObjectSortField field, SortWalk walk)
    {
        (string from, string column) = IndexOf(field, lowerBounded: walk == SortWalk.Ascending);
        string bound = field == ObjectSortField.Size ? "@BoundNum" : "@Bound";
        var sql = new StringBuilder("SELECT ").Append(column).Append(" AS \"V\", name AS \"Name\" ").Append(from);
        sql.Append(PastPosition(column, bound, walk, orLater: "name > @AfterName"));
        sql.Append(" ORDER BY ").Append(column).Append(walk == SortWalk.Ascending ? " ASC" : " DESC").Append(", name ASC LIMIT 2 OFFSET @ScanOffset");
        return sql.ToString();
    }

    /// <summary>
    /// An index read's rows from the walk's bound on, past the position's own first-key value (or, with
    /// <paramref name="orLater"/>, past the position's row within that value): nothing for a walk from the end.
    /// </summary>
    private static string PastPosition(string column, string bound, SortWalk walk, string? orLater)
    {
        string later = orLater is null ? string.Empty : " OR " + orLater;
        return walk switch
        {
            SortWalk.Ascending => $" AND {column} >= {bound} AND (@Positioned = 0 OR {column} > {bound}{later})",
            SortWalk.DescendingFrom => $" AND {column} <= {bound} AND (@Positioned = 0 OR {column} < {bound}{later})",
            _ => string.Empty,
        };
    }

    /// <summary>The first key's index as a table and column: the listing index for an attribute, the objects for a system field (with its live range).</summary>
    /// <remarks>
    /// The live range (<c>&gt;= 0</c>, <c>&gt; ''</c>) is left out when the read has its own lower bound on the column
    /// (<paramref name="lowerBounded"/>): SQLite bounds an index range by one lower bound only, and might take the
    /// live range's.
    /// </remarks>
    private static (string From, string Column) IndexOf(ObjectSortField field, bool lowerBounded) => field switch
    {
        ObjectSortField.Attribute => ("FROM listing WHERE container_id = @ContainerId AND domain = @Domain AND attr_key = @SortKey1", "attr_value"),
        ObjectSortField.Name => ("FROM objects WHERE container_id = @ContainerId", "name"),
        ObjectSortField.Size => ("FROM objects WHERE container_id = @ContainerId" + (lowerBounded ? string.Empty : LiveRange(field, string.Empty)), "live_size"),
        _ => ("FROM objects WHERE container_id = @ContainerId" + (lowerBounded ? string.Empty : LiveRange(field, string.Empty)), "live_uuid"),
    };

    /// <summary>
    /// The sort values (<c>"T1"</c>, <c>"N1"</c>, …: text and number of each slot) and name of the last row, in the
    /// listing's order, whose first key is <c>@EndBound</c>/<c>@EndBoundNum</c>: the listing's order on the other
    /// keys, reversed. Every row counts (no listing condition): the page's next position is after all of them.
    /// </summary>
    private static string BuildTieLast(ObjectSortField field, int slots)
    {
        var sql = new StringBuilder("SELECT ");
        for (int i = 1; i <= slots; i++)
        {
            sql.Append(string.Create(CultureInfo.InvariantCulture, $"{Text(i, field)} AS \"T{i}\", {Number(i, field)} AS \"N{i}\", "));
        }

        // Quoted aliases: PostgreSQL folds unquoted ones to lower case.
        sql.Append("o.name AS \"Name\"").Append(From(field));
        string column = field == ObjectSortField.Size ? "o.live_size" : DrivenText(field);
        sql.Append(" AND ").Append(column).Append(field == ObjectSortField.Size ? " = @EndBoundNum" : " = @EndBound").Append("\nORDER BY ");
        for (int i = 2; i <= slots; i++)
        {
            string text = Text(i, null);
            string number = Number(i, null);
            sql.Append(string.Create(CultureInfo.InvariantCulture, $"""
                CASE WHEN @Desc{i} = 0 THEN {text} END DESC, CASE WHEN @Desc{i} = 1 THEN {text} END ASC,
                  CASE WHEN @Desc{i} = 0 THEN {number} END DESC, CASE WHEN @Desc{i} = 1 THEN {number} END ASC,
                """));
        }

        sql.Append(" o.name DESC\nLIMIT 1");
        return sql.ToString();
    }
}
