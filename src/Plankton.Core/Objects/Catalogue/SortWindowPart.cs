namespace Plankton.Core.Objects.Catalogue;

/// <summary>The statements of a sorted walk's scan window (<see cref="SortedListSql.Window"/>).</summary>
internal enum SortWindowPart
{
    /// <summary>
    /// The first-key values at <c>@ScanOffset</c> and after it, from the first key's index alone (a covering read):
    /// every row the walk reads from its bound, those of the position's own first-key value excluded.
    /// </summary>
    Edge,

    /// <summary>The last first-key value before <c>@EndBound</c>/<c>@EndBoundNum</c> in the walk's order, from the index alone.</summary>
    Previous,

    /// <summary>The walk from the position up to the first-key value <c>@EndBound</c>/<c>@EndBoundNum</c>, that value's ties included.</summary>
    Walk,

    /// <summary>The sort values and name of the last row, in the listing's order, of the first-key value <c>@EndBound</c>/<c>@EndBoundNum</c>.</summary>
    TieLast,

    /// <summary>
    /// With one sort key (ties in name order in the index): the values and names at <c>@ScanOffset</c> and after it,
    /// from the index alone, counting from the position itself (its own value's later names included).
    /// </summary>
    EdgeOne,

    /// <summary>With one sort key: the walk up to the window's last value, that value excluded.</summary>
    Before,

    /// <summary>With one sort key: the window's last value's ties, up to the window's last name <c>@EndName</c>.</summary>
    TieUpTo,
}
