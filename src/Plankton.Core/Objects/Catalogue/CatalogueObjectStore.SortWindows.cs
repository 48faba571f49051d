using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Scan windows of sorted listings: a walk of the first sort key's index reads about <see cref="ListScanLimit"/> rows
/// (or the page's limit plus one) past the position's own first-key value, up to a first-key value whose ties it
/// reads whole; a page that has not filled by then ends after the last of those ties.
/// </summary>
public abstract partial class CatalogueObjectStore
{
    /// <summary>
    /// Reads a walk of the first key's index within its scan window. The window's edge is found in the index alone
    /// (<see cref="SortWindowPart.Edge"/>): the first-key values at the window's last row and the one after it. When
    /// they differ, the window ends with the first; when they are ties, it ends with the value before them
    /// (<see cref="SortWindowPart.Previous"/>), or, when there is none (the window lies inside one value's ties), with
    /// that value, whose ties are then read whole. The walk runs up to that value (<see cref="SortWindowPart.Walk"/>);
    /// a page that has not filled ends after the last of its ties (<see cref="SortWindowPart.TieLast"/>).
    /// </summary>
    /// <returns>The page's next position, when it ends early; <see langword="null"/> when it is full or the walk has ended.</returns>
    /// <remarks>
    /// Cost: the window in the index alone, the walk's rows up to the window's last value, the rest of the position's
    /// ties, and (for a page that ends early with more than one sort key) a sort of the last value's ties. Ties of
    /// one value shared by most of the container stay linear: they are read whole.
    /// </remarks>
    private async Task<SortPosition?> WalkInWindowAsync(
        DbConnection connection, DynamicParameters parameters, SortPhase phase, IReadOnlyList<ObjectSortKey> sort, int target, List<VersionRow> rows, CancellationToken cancellationToken)
    {
        ObjectSortField field = sort[0].Field;
        SortWalk walk = phase.Walk!.Value;
        parameters.Add("ScanOffset", Math.Max(ListScanLimit, target) - 1);
        if (sort.Count == 1)
        {
            return await WalkOneKeyInWindowAsync(connection, parameters, phase, field, walk, target, rows, cancellationToken).ConfigureAwait(false);
        }

        List<object> edge = await FirstKeyValuesAsync(connection, parameters, SortedListSql.Window(field, walk, sort.Count, SortWindowPart.Edge), field, cancellationToken).ConfigureAwait(false);
        parameters.Add("Take", target - rows.Count);
        if (edge.Count < 2)
        {
            // The rest of the walk fits in the window.
            rows.AddRange(await connection.QueryAsync<VersionRow>(new CommandDefinition(phase.Sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false));
            return null;
        }

        object last = edge[0];
        if (Equals(edge[0], edge[1]))
        {
            AddFirstKeyValue(parameters, "EndBound", field, edge[0]);
            List<object> previous = await FirstKeyValuesAsync(connection, parameters, SortedListSql.Window(field, walk, sort.Count, SortWindowPart.Previous), field, cancellationToken).ConfigureAwait(false);
            last = previous.Count > 0 ? previous[0] : edge[0];
        }

        AddFirstKeyValue(parameters, "EndBound", field, last);
        rows.AddRange(await connection.QueryAsync<VersionRow>(new CommandDefinition(
            SortedListSql.Window(field, walk, sort.Count, SortWindowPart.Walk), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false));
        if (rows.Count >= target)
        {
            return null;
        }

        IDictionary<string, object?> tieLast = (IDictionary<string, object?>)await connection.QuerySingleAsync(new CommandDefinition(
            SortedListSql.Window(field, walk, sort.Count, SortWindowPart.TieLast), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return ToPosition(tieLast, sort);
    }

    /// <summary>
    /// With one sort key the index holds each value's ties in name order, so the window ends exactly at its last row
    /// (<see cref="SortWindowPart.EdgeOne"/>): the walk reads the values before it (<see cref="SortWindowPart.Before"/>),
    /// then its value's ties up to its name (<see cref="SortWindowPart.TieUpTo"/>), and a page that has not filled
    /// ends there, with that row as its position. No tie is read whole.
    /// </summary>
    private static async Task<SortPosition?> WalkOneKeyInWindowAsync(
        DbConnection connection, DynamicParameters parameters, SortPhase phase, ObjectSortField field, SortWalk walk, int target, List<VersionRow> rows, CancellationToken cancellationToken)
    {
        List<EdgeRow> edge = (await connection.QueryAsync<EdgeRow>(new CommandDefinition(
            SortedListSql.Window(field, walk, 1, SortWindowPart.EdgeOne), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (edge.Count < 2)
        {
            parameters.Add("Take", target - rows.Count);
            rows.AddRange(await connection.QueryAsync<VersionRow>(new CommandDefinition(phase.Sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false));
            return null;
        }

        EdgeRow last = edge[0];
        AddFirstKeyValue(parameters, "EndBound", field, last.V);
        parameters.Add("EndName", last.Name, DbType.String);
        foreach (SortWindowPart part in (SortWindowPart[])[SortWindowPart.Before, SortWindowPart.TieUpTo])
        {
            parameters.Add("Take", target - rows.Count);
            rows.AddRange(await connection.QueryAsync<VersionRow>(new CommandDefinition(
                SortedListSql.Window(field, walk, 1, part), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false));
            if (rows.Count >= target)
            {
                return null;
            }
        }

        string value = field == ObjectSortField.Size
            ? Convert.ToInt64(last.V, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
            : TextOf(last.V);
        return new SortPosition([value], last.Name);
    }

    /// <summary>First-key values read from the index (column <c>"V"</c>): sizes as numbers, every other key as text.</summary>
    private static async Task<List<object>> FirstKeyValuesAsync(
        DbConnection connection, DynamicParameters parameters, string statement, ObjectSortField field, CancellationToken cancellationToken)
    {
        var command = new CommandDefinition(statement, parameters, cancellationToken: cancellationToken);
        return field == ObjectSortField.Size
            ? [.. (await connection.QueryAsync<long>(command).ConfigureAwait(false)).Select(static v => (object)v)]
            : [.. (await connection.QueryAsync<string>(command).ConfigureAwait(false)).Select(static v => (object)v)];
    }

    /// <summary>
    /// Adds a first-key value as <c>@{name}</c> (text) and <c>@{name}Num</c> (the size, from a number or its invariant
    /// digits), the other one null: a walk's bound (<c>Bound</c>) or a scan window's last value (<c>EndBound</c>).
    /// </summary>
    private static void AddFirstKeyValue(DynamicParameters parameters, string name, ObjectSortField field, object? value)
    {
        bool number = field == ObjectSortField.Size;
        parameters.Add(name, number || value is null ? null : TextOf(value), DbType.String);
        parameters.Add(name + "Num", number && value is not null ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null, DbType.Int64);
    }

    /// <summary>A row of <see cref="SortWindowPart.TieLast"/> as a position: its sort values as <see cref="ObjectListPage.NextSortValues"/> gives them, and its name.</summary>
    private static SortPosition ToPosition(IDictionary<string, object?> row, IReadOnlyList<ObjectSortKey> sort)
    {
        if (!row.TryGetValue("Name", out object? name) || name is not string lastName)
        {
            throw new InvalidOperationException("The scan-window statement returned no column \"Name\".");
        }

        var values = new string[sort.Count];
        for (int i = 0; i < sort.Count; i++)
        {
            string slot = (i + 1).ToString(CultureInfo.InvariantCulture);
            values[i] = sort[i].Field == ObjectSortField.Size
                ? Convert.ToInt64(row["N" + slot], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
                : TextOf(row["T" + slot]);
        }

        return new SortPosition(values, lastName);
    }

    /// <summary>A text sort value as the catalogue returns it: a string, or a uuid (in its lower-case <c>D</c> form).</summary>
    private static string TextOf(object? value) => value switch
    {
        Guid uuid => uuid.ToString("D", CultureInfo.InvariantCulture),
        null or DBNull => string.Empty,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>
    /// One statement of a sorted listing with its <c>@Bound</c> and <c>@MissingKey</c>; a walk of the first key's
    /// index also has its direction (<see cref="Walk"/>), which selects its scan-window statements.
    /// </summary>
    private sealed record SortPhase(string Sql, string? Bound, string? MissingKey, SortWalk? Walk = null);

    /// <summary>A row of <see cref="SortWindowPart.EdgeOne"/>: a first-key value (a size as a number, else text) and a name.</summary>
    private sealed class EdgeRow
    {
        public object? V { get; init; }

        public string Name { get; init; } = string.Empty;
    }

    /// <summary>A row's place in a sorted listing: its sort values (as <see cref="ObjectListPage.NextSortValues"/> gives them) and its name.</summary>
    private sealed record SortPosition(IReadOnlyList<string> Values, string Name);
}
