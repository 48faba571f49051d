using System.Text;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// The statements of a sorted walk's scan window (<see cref="SortWindowPart"/>): where the window ends is found in the
/// first key's index alone, at a row (one sort key) or at a first-key value (several), so that the window's rows are
/// index ranges.
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
                // One sort key: the window ends at a row (value and name).
                statements[(field, walk, 1, SortWindowPart.EdgeOne)] = BuildEdgeOne(field, walk);
                statements[(field, walk, 1, SortWindowPart.TieEdge)] = BuildTieEdge(field);
                statements[(field, walk, 1, SortWindowPart.Before)] = Build(field, walk, 1, window: SortWindowPart.Before);
                statements[(field, walk, 1, SortWindowPart.TieUpTo)] = Build(field, walk, 1, window: SortWindowPart.TieUpTo);
                statements[(field, walk, 1, SortWindowPart.TieFrom)] = Build(field, walk, 1, window: SortWindowPart.TieFrom);
                statements[(field, walk, 1, SortWindowPart.Next)] = BuildIndexRead(field, walk, SortWindowPart.Next);

                // Several: the window ends at a first-key value, and a larger group is paged on its own.
                statements[(field, walk, Slots, SortWindowPart.Edge)] = BuildIndexRead(field, walk, SortWindowPart.Edge);
                statements[(field, walk, Slots, SortWindowPart.Previous)] = BuildIndexRead(field, walk, SortWindowPart.Previous);
                statements[(field, walk, Slots, SortWindowPart.TieBeyond)] = BuildIndexRead(field, walk, SortWindowPart.TieBeyond);
                statements[(field, walk, Slots, SortWindowPart.Next)] = statements[(field, walk, 1, SortWindowPart.Next)];
                statements[(field, walk, Slots, SortWindowPart.Walk)] = Build(field, walk, Slots, window: SortWindowPart.Walk);
                statements[(field, walk, Slots, SortWindowPart.Before)] = Build(field, walk, Slots, window: SortWindowPart.Before);
            }
        }

        return statements;
    }

    /// <summary>
    /// The first key's index alone (a covering read, no join): from the walk's bound, past the position's own
    /// first-key value when positioned, the values at <c>@ScanOffset</c> and after it (<see cref="SortWindowPart.Edge"/>),
    /// or the last value before <c>@EndBound</c> (<see cref="SortWindowPart.Previous"/>); the bound's own ties at
    /// <c>@ScanOffset</c> (<see cref="SortWindowPart.TieBeyond"/>); the first value past the bound
    /// (<see cref="SortWindowPart.Next"/>).
    /// </summary>
    private static string BuildIndexRead(ObjectSortField field, SortWalk walk, SortWindowPart part)
    {
        bool ascending = walk == SortWalk.Ascending;
        bool number = field == ObjectSortField.Size;
        string bound = number ? "@BoundNum" : "@Bound";
        string end = number ? "@EndBoundNum" : "@EndBound";
        bool lowerBounded = ascending || part is SortWindowPart.Previous or SortWindowPart.TieBeyond;
        (string from, string column) = IndexOf(field, lowerBounded);
        var sql = new StringBuilder("SELECT ").Append(column).Append(" AS \"V\" ").Append(from);
        string order = ascending ? " ASC" : " DESC";
        string reversed = ascending ? " DESC" : " ASC";
        switch (part)
        {
            case SortWindowPart.TieBeyond:
                sql.Append(" AND ").Append(column).Append(" = ").Append(bound).Append(" LIMIT 1 OFFSET @ScanOffset");
                break;
            case SortWindowPart.Next:
                sql.Append(ascending ? $" AND {column} > {bound}" : $" AND {column} < {bound}").Append(" ORDER BY ").Append(column).Append(order).Append(" LIMIT 1");
                break;
            case SortWindowPart.Previous:
                // The nearest value before the end, in the walk's order: read from the end backwards.
                sql.Append(PastPosition(column, bound, walk)).Append(ascending ? $" AND {column} < {end}" : $" AND {column} > {end}");
                sql.Append(" ORDER BY ").Append(column).Append(reversed).Append(" LIMIT 1");
                break;
            default:
                sql.Append(PastPosition(column, bound, walk)).Append(" ORDER BY ").Append(column).Append(order).Append(" LIMIT 2 OFFSET @ScanOffset");
                break;
        }

        return sql.ToString();
    }

    /// <summary>
    /// With one sort key: the first-key values and names at <c>@ScanOffset</c> and after it, in the walk's order (the
    /// value, then the name ascending), from the walk's bound, from the index alone (a one-key walk has left its
    /// position's value by then).
    /// </summary>
    private static string BuildEdgeOne(ObjectSortField field, SortWalk walk)
    {
        (string from, string column) = IndexOf(field, lowerBounded: walk == SortWalk.Ascending);
        string bound = field == ObjectSortField.Size ? "@BoundNum" : "@Bound";
        var sql = new StringBuilder("SELECT ").Append(column).Append(" AS \"V\", name AS \"Name\" ").Append(from);
        sql.Append(FromBound(column, bound, walk)).Append(" ORDER BY ").Append(column).Append(walk == SortWalk.Ascending ? " ASC" : " DESC").Append(", name ASC LIMIT 2 OFFSET @ScanOffset");
        return sql.ToString();
    }

    /// <summary>
    /// With one sort key: the names of the first-key value <c>@Bound</c> after <c>@AfterName</c>, at
    /// <c>@ScanOffset</c> and after it, from the index alone (one range: the value, then the names from the position's).
    /// </summary>
    private static string BuildTieEdge(ObjectSortField field)
    {
        (string from, string column) = IndexOf(field, lowerBounded: true);
        string bound = field == ObjectSortField.Size ? "@BoundNum" : "@Bound";
        return new StringBuilder("SELECT name AS \"Name\" ").Append(from).Append(" AND ").Append(column).Append(" = ").Append(bound)
            .Append(" AND name > @AfterName ORDER BY name ASC LIMIT 2 OFFSET @ScanOffset").ToString();
    }

    /// <summary>An index read's rows from the walk's bound on (nothing for a walk from the end).</summary>
    private static string FromBound(string column, string bound, SortWalk walk) => walk switch
    {
        SortWalk.Ascending => $" AND {column} >= {bound}",
        SortWalk.DescendingFrom => $" AND {column} <= {bound}",
        _ => string.Empty,
    };

    /// <summary>An index read's rows from the walk's bound on, past the position's own first-key value when positioned (nothing for a walk from the end).</summary>
    private static string PastPosition(string column, string bound, SortWalk walk) => FromBound(column, bound, walk) + walk switch
    {
        SortWalk.Ascending => $" AND (@Positioned = 0 OR {column} > {bound})",
        SortWalk.DescendingFrom => $" AND (@Positioned = 0 OR {column} < {bound})",
        _ => string.Empty,
    };

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
}
