namespace Plankton.Core.Objects.Catalogue;

/// <summary>The statements of a sorted walk's scan window (<see cref="SortedListSql.Window"/>).</summary>
internal enum SortWindowPart
{
    /// <summary>
    /// With several sort keys: the first-key values at <c>@ScanOffset</c> and after it, from the first key's index
    /// alone (a covering read): every row the walk reads from its bound.
    /// </summary>
    Edge,

    /// <summary>With several sort keys: the last first-key value before <c>@EndBound</c>/<c>@EndBoundNum</c> in the walk's order, from the index alone.</summary>
    Previous,

    /// <summary>With several sort keys: the walk up to the first-key value <c>@EndBound</c>/<c>@EndBoundNum</c>, that value's ties included (sorted by the other keys).</summary>
    Walk,

    /// <summary>
    /// With several sort keys: a row of the first-key value <c>@Bound</c>/<c>@BoundNum</c> at <c>@ScanOffset</c>, from
    /// the index alone: there is one when that value's group is larger than the window.
    /// </summary>
    TieBeyond,

    /// <summary>The first first-key value after <c>@Bound</c>/<c>@BoundNum</c> in the walk's order, from the index alone.</summary>
    Next,

    /// <summary>
    /// With one sort key (ties in name order in the index): the values and names at <c>@ScanOffset</c> and after it,
    /// from the walk's bound, from the index alone (the walk is no longer positioned when it reads this).
    /// </summary>
    EdgeOne,

    /// <summary>
    /// With one sort key: the names of the position's ties after its name (<c>@AfterName</c>) at <c>@ScanOffset</c>
    /// and after it, one index range: two when the window ends inside those ties.
    /// </summary>
    TieEdge,

    /// <summary>With one sort key: the walk up to the window's last value, that value excluded.</summary>
    Before,

    /// <summary>With one sort key: the ties of <c>@EndBound</c>/<c>@EndBoundNum</c> with names in (<c>@FromName</c>, <c>@EndName</c>], one index range.</summary>
    TieUpTo,

    /// <summary>With one sort key: the ties of <c>@EndBound</c>/<c>@EndBoundNum</c> with names after <c>@FromName</c>, one index range.</summary>
    TieFrom,
}
