namespace Plankton.Core.Objects.Catalogue;

/// <summary>How a sorted listing walks the index of its first key (<see cref="SortedListSql.Driven"/>).</summary>
internal enum SortWalk
{
    /// <summary>Ascending from <c>@Bound</c> (the position's first value, or the smallest value).</summary>
    Ascending,

    /// <summary>Descending from the largest value.</summary>
    Descending,

    /// <summary>Descending from <c>@Bound</c> (the position's first value).</summary>
    DescendingFrom,
}
