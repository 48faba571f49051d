using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Scan windows of sorted listings: a walk of the first sort key's index reads about <see cref="ListScanLimit"/> rows
/// (or the page's limit plus one) from the position, up to a first-key value whose ties fit the window; a page that
/// has not filled by then ends after that value's group. A group of ties larger than the window is paged as a listing
/// of its own, sorted by the other keys.
/// </summary>
public abstract partial class CatalogueObjectStore
{
    /// <summary>
    /// Reads a walk of the first key's index, from the phase's bound, within a scan window. When the position's own
    /// group of first-key ties is larger than the window (<see cref="SortWindowPart.TieBeyond"/>), its rest is paged as
    /// a group (<see cref="ReadGroupAsync"/>) and the walk goes on, unpositioned, from the next first-key value;
    /// a smaller group's rest is read by the walk itself. With several sort keys the window's edge is found in the
    /// index alone, past the position's value (<see cref="SortWindowPart.Edge"/>): the first-key values at the
    /// window's last row and the one after it. When they differ, the window ends with the first; when they tie, with
    /// the value before them (<see cref="SortWindowPart.Previous"/>); when there is none, the window lies inside one
    /// value's ties, which are read as a group of their own after the rest of the position's group
    /// (<see cref="SortWindowPart.Before"/>). The walk runs up to the window's last value
    /// (<see cref="SortWindowPart.Walk"/>), and a page that has not filled ends after that value's group.
    /// </summary>
    /// <returns>The page's next position, when it ends early; <see langword="null"/> when it is full or the walk has ended.</returns>
    /// <remarks>
    /// Cost: the window in the index alone, and at most the window's rows, sorted by the other keys; a group larger
    /// than the window costs what a listing of it does. No group of ties is read whole.
    /// </remarks>
    private async Task<SortPosition?> WalkAsync(
        DbConnection connection, ListScope scope, DynamicParameters parameters, ListObjectsOptions options, SortWalk walk, bool positioned, int target, List<ObjectInfo> rows, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectSortKey> sort = options.Sort!;
        ObjectSortField field = sort[0].Field;
        int keys = sort.Count;
        parameters.Add("ScanOffset", Math.Max(ListScanLimit, target) - 1);
        if (keys == 1)
        {
            return await WalkOneKeyAsync(connection, parameters, options, walk, positioned, target, rows, cancellationToken).ConfigureAwait(false);
        }

        if (positioned && (await FirstKeyValuesAsync(connection, parameters, SortedListSql.Window(field, walk, keys, SortWindowPart.TieBeyond), field, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            // The position's group is larger than the window: page through the rest of it, then go on unpositioned
            // from the next value. (A smaller group's rest is read by the walk below, which starts at the position.)
            SortPosition? cut = await ReadGroupAsync(connection, scope, options, FirstKeyValue(field, options.SortAfter![0]), positioned: true, target, rows, cancellationToken).ConfigureAwait(false);
            if (rows.Count >= target || cut is not null || !await MoveToNextValueAsync(connection, parameters, field, walk, keys, cancellationToken).ConfigureAwait(false))
            {
                return cut;
            }

            positioned = false;
        }

        List<object> edge = await FirstKeyValuesAsync(connection, parameters, SortedListSql.Window(field, walk, keys, SortWindowPart.Edge), field, cancellationToken).ConfigureAwait(false);
        if (edge.Count < 2)
        {
            // The rest of the walk fits in the window.
            await ReadRowsAsync(connection, SortedListSql.Driven(field, walk, keys), parameters, options, target, rows, cancellationToken).ConfigureAwait(false);
            return null;
        }

        object last = edge[0];
        if (Equals(edge[0], edge[1]))
        {
            AddFirstKeyValue(parameters, "EndBound", field, edge[0]);
            List<object> previous = await FirstKeyValuesAsync(connection, parameters, SortedListSql.Window(field, walk, keys, SortWindowPart.Previous), field, cancellationToken).ConfigureAwait(false);
            if (previous.Count == 0)
            {
                // The window lies inside the ties of the first value past the position's: a group larger than the
                // window. The rest of the position's own (smaller) group comes first.
                if (positioned)
                {
                    await ReadRowsAsync(connection, SortedListSql.Window(field, walk, keys, SortWindowPart.Before), parameters, options, target, rows, cancellationToken).ConfigureAwait(false);
                    if (rows.Count >= target)
                    {
                        return null;
                    }
                }

                SortPosition? cut = await ReadGroupAsync(connection, scope, options, edge[0], positioned: false, target, rows, cancellationToken).ConfigureAwait(false);
                return rows.Count >= target ? null : cut ?? await AfterGroupAsync(connection, parameters, sort, edge[0], cancellationToken).ConfigureAwait(false);
            }

            last = previous[0];
        }

        AddFirstKeyValue(parameters, "EndBound", field, last);
        await ReadRowsAsync(connection, SortedListSql.Window(field, walk, keys, SortWindowPart.Walk), parameters, options, target, rows, cancellationToken).ConfigureAwait(false);
        return rows.Count >= target ? null : await AfterGroupAsync(connection, parameters, sort, last, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// With one sort key the index holds each value's ties in name order, so a window ends exactly at a row. A
    /// positioned walk first reads the rest of the position's ties as one index range from its name: up to the
    /// window's last row when the window ends in them (<see cref="SortWindowPart.TieEdge"/>,
    /// <see cref="SortWindowPart.TieUpTo"/>), else all of them (<see cref="SortWindowPart.TieFrom"/>), then goes on,
    /// unpositioned, from the next value. There the window's last row is found in the index
    /// (<see cref="SortWindowPart.EdgeOne"/>); the walk reads the values before it (<see cref="SortWindowPart.Before"/>),
    /// then its value's ties up to its name (<see cref="SortWindowPart.TieUpTo"/>). A page that has not filled ends
    /// at that row. No tie is read whole, nor from its first name.
    /// </summary>
    private static async Task<SortPosition?> WalkOneKeyAsync(
        DbConnection connection, DynamicParameters parameters, ListObjectsOptions options, SortWalk walk, bool positioned, int target, List<ObjectInfo> rows, CancellationToken cancellationToken)
    {
        ObjectSortField field = options.Sort![0].Field;
        if (positioned)
        {
            object bound = FirstKeyValue(field, options.SortAfter![0]);
            List<string> tieEdge = (await connection.QueryAsync<string>(new CommandDefinition(
                SortedListSql.Window(field, walk, 1, SortWindowPart.TieEdge), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            bool endsInTie = tieEdge.Count == 2;
            AddFirstKeyValue(parameters, "EndBound", field, bound);
            parameters.Add("FromName", options.Marker ?? string.Empty, DbType.String);
            parameters.Add("EndName", endsInTie ? tieEdge[0] : null, DbType.String);
            await ReadRowsAsync(connection, SortedListSql.Window(field, walk, 1, endsInTie ? SortWindowPart.TieUpTo : SortWindowPart.TieFrom), parameters, options, target, rows, cancellationToken).ConfigureAwait(false);
            if (rows.Count >= target)
            {
                return null;
            }

            if (endsInTie)
            {
                return new SortPosition([FirstKeyText(field, bound)], tieEdge[0]);
            }

            if (!await MoveToNextValueAsync(connection, parameters, field, walk, 1, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        List<EdgeRow> edge = (await connection.QueryAsync<EdgeRow>(new CommandDefinition(
            SortedListSql.Window(field, walk, 1, SortWindowPart.EdgeOne), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
        if (edge.Count < 2)
        {
            await ReadRowsAsync(connection, SortedListSql.Driven(field, walk, 1), parameters, options, target, rows, cancellationToken).ConfigureAwait(false);
            return null;
        }

        AddFirstKeyValue(parameters, "EndBound", field, edge[0].V);
        parameters.Add("FromName", string.Empty, DbType.String);
        parameters.Add("EndName", edge[0].Name, DbType.String);
        foreach (SortWindowPart part in (SortWindowPart[])[SortWindowPart.Before, SortWindowPart.TieUpTo])
        {
            await ReadRowsAsync(connection, SortedListSql.Window(field, walk, 1, part), parameters, options, target, rows, cancellationToken).ConfigureAwait(false);
            if (rows.Count >= target)
            {
                return null;
            }
        }

        return new SortPosition([FirstKeyText(field, edge[0].V)], edge[0].Name);
    }

    /// <summary>
    /// Moves a walk from its position's first-key value to the next one in the walk's order
    /// (<see cref="SortWindowPart.Next"/>): that value becomes its bound and the walk is no longer positioned (every
    /// row from the bound on follows the position).
    /// </summary>
    /// <returns><see langword="false"/> when no value follows: the walk has ended.</returns>
    private static async Task<bool> MoveToNextValueAsync(DbConnection connection, DynamicParameters parameters, ObjectSortField field, SortWalk walk, int keys, CancellationToken cancellationToken)
    {
        List<object> next = await FirstKeyValuesAsync(connection, parameters, SortedListSql.Window(field, walk, keys, SortWindowPart.Next), field, cancellationToken).ConfigureAwait(false);
        if (next.Count == 0)
        {
            return false;
        }

        parameters.Add("Positioned", 0L);
        AddFirstKeyValue(parameters, "Bound", field, next[0]);
        return true;
    }

    /// <summary>Reads a statement's rows, at most those still needed (<c>@Take</c>), into <paramref name="rows"/>.</summary>
    private static async Task ReadRowsAsync(DbConnection connection, string statement, DynamicParameters parameters, ListObjectsOptions options, int target, List<ObjectInfo> rows, CancellationToken cancellationToken)
    {
        parameters.Add("Take", target - rows.Count);
        rows.AddRange((await connection.QueryAsync<VersionRow>(new CommandDefinition(ListStatement(statement, options), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(ToInfo));
    }

    /// <summary>
    /// The position after every row of one first-key value's group: that value, then for each other key the end of
    /// its order (the largest value of the container ascending, the smallest descending: the empty string, or size
    /// 0), and the container's largest name. Every row of the group sorts at or before it, so the next page starts
    /// with the next first-key value.
    /// </summary>
    private static async Task<SortPosition> AfterGroupAsync(DbConnection connection, DynamicParameters parameters, IReadOnlyList<ObjectSortKey> sort, object value, CancellationToken cancellationToken)
    {
        var values = new string[sort.Count];
        values[0] = FirstKeyText(sort[0].Field, value);
        string? lastName = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(SortedListSql.LargestName, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        for (int i = 1; i < sort.Count; i++)
        {
            ObjectSortKey key = sort[i];
            values[i] = (key.Field, key.Descending) switch
            {
                (ObjectSortField.Size, false) => long.MaxValue.ToString(CultureInfo.InvariantCulture),
                (ObjectSortField.Size, true) => "0",
                (_, true) => string.Empty,
                (ObjectSortField.Name, false) => lastName ?? string.Empty,
                (ObjectSortField.Uuid, false) => TextOf(await connection.ExecuteScalarAsync<object?>(new CommandDefinition(
                    SortedListSql.LargestUuid, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)),
                _ => await LargestValueAsync(connection, parameters, key.AttributeKey!, cancellationToken).ConfigureAwait(false),
            };
        }

        return new SortPosition(values, lastName ?? string.Empty);
    }

    /// <summary>The largest value of a metadata key in the listing's domain and container (empty when no object has it).</summary>
    private static async Task<string> LargestValueAsync(DbConnection connection, DynamicParameters parameters, string key, CancellationToken cancellationToken)
    {
        parameters.Add("LargestKey", key, DbType.String);
        return TextOf(await connection.ExecuteScalarAsync<object?>(new CommandDefinition(SortedListSql.LargestValue, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false));
    }

    /// <summary>A first-key value as a position holds it (<see cref="ObjectListPage.NextSortValues"/>): a size in invariant digits, any other key as text.</summary>
    private static string FirstKeyText(ObjectSortField field, object? value) => field == ObjectSortField.Size
        ? Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
        : TextOf(value);

    /// <summary>A first-key value as the walk compares it: a size as a number, any other key as text.</summary>
    private static object FirstKeyValue(ObjectSortField field, object? value) => field == ObjectSortField.Size
        ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
        : TextOf(value);

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

    /// <summary>A text sort value as the catalogue returns it: a string, or a uuid (in its lower-case <c>D</c> form).</summary>
    private static string TextOf(object? value) => value switch
    {
        Guid uuid => uuid.ToString("D", CultureInfo.InvariantCulture),
        null or DBNull => string.Empty,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>
    /// One phase of a sorted listing: a walk of the first key's index in a direction (<see cref="Walk"/>) from a
    /// bound, or (<see cref="Walk"/> null) the group of objects without an attribute first key; positioned when the
    /// listing's position lies in it.
    /// </summary>
    private sealed record SortPhase(SortWalk? Walk, string? Bound, bool Positioned);

    /// <summary>Whose listing of which container: what every statement of a listing, and of its groups, is confined by.</summary>
    private sealed record ListScope(long ContainerId, string UserId, bool IsOwner);

    /// <summary>The rows a sorted read found, in order, and where it ended early (<see langword="null"/> when it filled or its listing ended).</summary>
    private sealed record SortedRead(List<ObjectInfo> Rows, SortPosition? Cut);

    /// <summary>A row of <see cref="SortWindowPart.EdgeOne"/>: a first-key value (a size as a number, else text) and a name.</summary>
    private sealed class EdgeRow
    {
        public object? V { get; init; }

        public string Name { get; init; } = string.Empty;
    }

    /// <summary>A row's place in a sorted listing: its sort values (as <see cref="ObjectListPage.NextSortValues"/> gives them) and its name.</summary>
    private sealed record SortPosition(IReadOnlyList<string> Values, string Name);
}
