using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Sorted listings (<see cref="ListObjectsOptions.Sort"/>) and metadata returned with a page (<see cref="ListObjectsOptions.IncludeMetadata"/>).</summary>
public abstract partial class CatalogueObjectStore
{
    /// <summary>
    /// Reads a sorted page (<see cref="ReadSortedAsync"/>) and gives it its next position: after its last entry when
    /// another entry follows, or where the read ended early (a scan window, or the end of a group of ties).
    /// </summary>
    private async Task<ObjectListPage> ListSortedPageAsync(
        DbConnection connection,
        ListScope scope,
        ListObjectsOptions options,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectSortKey> sort = options.Sort!;
        SortedRead read = await ReadSortedAsync(connection, scope, options, options.Limit + 1, cancellationToken).ConfigureAwait(false);
        List<ObjectInfo> rows = read.Rows;
        bool more = rows.Count > options.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        List<ObjectListEntry> entries = await ToEntriesAsync(connection, rows, options, cancellationToken).ConfigureAwait(false);
        if (!more)
        {
            return new ObjectListPage(entries, read.Cut?.Name, read.Cut?.Values);
        }

        ObjectListEntry last = entries[^1];
        IReadOnlyDictionary<string, string> metadata = last.Metadata ?? await SelectMetadataAsync(connection, last.Info!.Serial, options.Domain, cancellationToken).ConfigureAwait(false);
        return new ObjectListPage(entries, last.Name, [.. sort.Select(key => SortValue(key, last.Info!, metadata))]);
    }

    /// <summary>
    /// Reads up to <paramref name="target"/> rows of a sorted listing from its position. When a filter has few
    /// matches (the probe of <c>ChooseSortedDriveAsync</c>), those are read whole and sorted; otherwise the first
    /// key's index is walked in its order, in a scan window (<see cref="WalkAsync"/>). Objects without an attribute
    /// first key (which sort as an empty value: first ascending, last descending) are a group of ties like any other
    /// (<see cref="ReadGroupAsync"/>). A listing by name alone is the name-ordered listing, with its drives and windows.
    /// </summary>
    /// <returns>The rows, and where the read ended early when it did (<see cref="SortedRead.Cut"/>).</returns>
    private async Task<SortedRead> ReadSortedAsync(DbConnection connection, ListScope scope, ListObjectsOptions options, int target, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectSortKey> sort = options.Sort!;
        if (sort is [{ Field: ObjectSortField.Name, Descending: false }])
        {
            return await ReadByNameAsync(connection, scope, options, target, cancellationToken).ConfigureAwait(false);
        }

        DynamicParameters parameters = ListParameters(scope.ContainerId, scope.UserId, scope.IsOwner, options);
        string prefix = options.Prefix ?? string.Empty;
        parameters.Add("From", prefix, DbType.String);
        parameters.Add("Until", prefix.Length == 0 ? null : UpperBound(prefix), DbType.String);
        IReadOnlyList<string>? after = options.SortAfter;
        parameters.Add("AfterName", options.Marker ?? string.Empty, DbType.String);
        for (int i = 0; i < ObjectStoreConstants.MaxListSortKeys; i++)
        {
            ObjectSortKey? key = i < sort.Count ? sort[i] : null;
            string? value = after is not null && key is not null ? after[i] : null;
            parameters.Add($"Kind{i + 1}", key is null ? null : (long)key.Field, DbType.Int64);
            parameters.Add($"SortKey{i + 1}", key?.AttributeKey, DbType.String);
            parameters.Add($"Desc{i + 1}", key?.Descending == true ? 1L : 0L);
            parameters.Add($"AfterText{i + 1}", key?.Field == ObjectSortField.Size ? null : value, DbType.String);
            parameters.Add($"AfterNum{i + 1}", key?.Field == ObjectSortField.Size && value is not null ? long.Parse(value, CultureInfo.InvariantCulture) : null, DbType.Int64);
        }

        var rows = new List<ObjectInfo>(Math.Min(target, 1024));
        string? filtered = await ChooseSortedDriveAsync(connection, parameters, options, cancellationToken).ConfigureAwait(false);
        if (filtered is not null)
        {
            // Few matches: read whole and sorted (their count is bounded by the probe).
            parameters.Add("Positioned", after is null ? 0L : 1L);
            parameters.Add("Take", target);
            rows.AddRange((await connection.QueryAsync<VersionRow>(new CommandDefinition(ListStatement(filtered, options), parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(ToInfo));
            return new SortedRead(rows, null);
        }

        foreach (SortPhase phase in Phases(sort, after?[0], options))
        {
            SortPosition? cut;
            if (phase.Walk is SortWalk walk)
            {
                parameters.Add("Positioned", phase.Positioned ? 1L : 0L);
                AddFirstKeyValue(parameters, "Bound", sort[0].Field, phase.Bound);
                cut = await WalkAsync(connection, scope, parameters, options, walk, phase.Positioned, target, rows, cancellationToken).ConfigureAwait(false);
            }
            else if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                SortedListSql.CountMissing, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
            {
                // Only the group phase asks (at most once a read): a page that fills or ends in its walk never does.
                cut = await ReadGroupAsync(connection, scope, options, string.Empty, phase.Positioned, target, rows, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                continue; // no object of the container lacks the first key: no group of them
            }

            if (rows.Count >= target || cut is not null)
            {
                return new SortedRead(rows, cut);
            }
        }

        return new SortedRead(rows, null);
    }

    /// <summary>
    /// A listing sorted by name alone, ascending, is the name-ordered listing: it reads the page through that
    /// listing's drives and scan windows, from the position's name, and a page that ends early is positioned at its
    /// marker.
    /// </summary>
    private async Task<SortedRead> ReadByNameAsync(DbConnection connection, ListScope scope, ListObjectsOptions options, int target, CancellationToken cancellationToken)
    {
        ListObjectsOptions byName = CopyOf(options);
        byName.Sort = null;
        byName.Marker = options.SortAfter?[0]; // a sorted listing is positioned by its sort values (the name here)
        byName.SortAfter = null;
        byName.IncludeMetadata = false;
        byName.Limit = target;
        ObjectListPage page = await ListPageAsync(connection, scope.ContainerId, scope.UserId, scope.IsOwner, byName, cancellationToken).ConfigureAwait(false);
        List<ObjectInfo> rows = [.. page.Entries.Select(static e => e.Info!)];
        SortPosition? cut = rows.Count < target && page.NextMarker is string marker ? new SortPosition([marker], marker) : null;
        return new SortedRead(rows, cut);
    }

    /// <summary>
    /// Reads the rest of one group of first-key ties (the objects whose first sort key is <paramref name="value"/>;
    /// for an attribute, <see cref="string.Empty"/> is the group of objects without it) into <paramref name="rows"/>:
    /// the same listing confined to the group by one more test (<c>key = value</c>, <c>!key</c>, or a size range of
    /// one size) and sorted by the other keys (by name when there are none), from the position's rest when
    /// <paramref name="positioned"/>. It pages through its own indexes and windows, so a group costs what a listing
    /// does, however large.
    /// </summary>
    /// <returns>The position where the group's read ended early (its values prefixed with <paramref name="value"/>), or <see langword="null"/>.</returns>
    private async Task<SortPosition?> ReadGroupAsync(
        DbConnection connection, ListScope scope, ListObjectsOptions options, object value, bool positioned, int target, List<ObjectInfo> rows, CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectSortKey> sort = options.Sort!;
        ObjectSortKey first = sort[0];
        ListObjectsOptions group = CopyOf(options);
        group.Sort = sort.Count > 1 ? [.. sort.Skip(1)] : [new ObjectSortKey(ObjectSortField.Name, false)];
        group.SortAfter = !positioned ? null : sort.Count > 1 ? [.. options.SortAfter!.Skip(1)] : [options.Marker ?? string.Empty];
        group.Marker = positioned ? options.Marker : null;
        string text = TextOf(value);
        switch (first.Field)
        {
            case ObjectSortField.Attribute:
                AttributeFilter test = text.Length == 0
                    ? new AttributeFilter(first.AttributeKey!, AttributeFilterOperator.NotExists)
                    : new AttributeFilter(first.AttributeKey!, AttributeFilterOperator.Equal, text);
                group.Filters = [.. options.Filters ?? [], test];
                break;
            case ObjectSortField.Size:
                long size = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                if (size < (options.MinSize ?? 0) || size > (options.MaxSize ?? long.MaxValue))
                {
                    return null; // no object of this size passes the size range
                }

                (group.MinSize, group.MaxSize) = (size, size);
                break;
            default:
                throw new InvalidOperationException($"A sort by {first.Field} has no groups of ties: its values are unique.");
        }

        SortedRead read = await ReadSortedAsync(connection, scope, group, target - rows.Count, cancellationToken).ConfigureAwait(false);
        rows.AddRange(read.Rows);
        if (read.Cut is not SortPosition cut)
        {
            return null;
        }

        string head = FirstKeyText(first.Field, value);
        return new SortPosition(sort.Count > 1 ? [head, .. cut.Values] : [head], cut.Name);
    }

    /// <summary>A copy of a listing's options (the sorted listing confines and re-sorts copies for its groups of ties).</summary>
    private static ListObjectsOptions CopyOf(ListObjectsOptions options) => new()
    {
        Prefix = options.Prefix,
        Delimiter = options.Delimiter,
        Marker = options.Marker,
        Limit = options.Limit,
        Domain = options.Domain,
        Filters = options.Filters,
        MinSize = options.MinSize,
        MaxSize = options.MaxSize,
        SharedOnly = options.SharedOnly,
        PublicOnly = options.PublicOnly,
        Sort = options.Sort,
        SortAfter = options.SortAfter,
        IncludeMetadata = options.IncludeMetadata,
        Until = options.Until,
    };

    /// <summary>
    /// The phases of a sorted listing in order: a walk of the first key's index, and for an attribute key the group
    /// of objects without it (which sort as an empty value: first ascending, last descending). That group is not
    /// looked for when a filter needs the key (every test but <c>!key</c> does). A phase is positioned when the
    /// listing's position lies in it; the phases after it start at their beginning.
    /// </summary>
    private static IEnumerable<SortPhase> Phases(IReadOnlyList<ObjectSortKey> sort, string? firstAfter, ListObjectsOptions options)
    {
        ObjectSortKey first = sort[0];
        bool positioned = firstAfter is not null;
        SortPhase ascending = positioned ? new SortPhase(SortWalk.Ascending, firstAfter, true) : new SortPhase(SortWalk.Ascending, LowestValue(first, options), false);
        SortPhase descending = positioned ? new SortPhase(SortWalk.DescendingFrom, firstAfter, true) : new SortPhase(SortWalk.Descending, null, false);
        if (first.Field != ObjectSortField.Attribute)
        {
            yield return first.Descending ? descending : ascending;
            yield break;
        }

        // Objects without the key sort as an empty value; every stored value is non-empty.
        bool noneMissing = options.Filters?.Any(f => f.Operator != AttributeFilterOperator.NotExists && string.Equals(f.Key, first.AttributeKey, StringComparison.Ordinal)) == true;
        bool amongMissing = firstAfter is { Length: 0 };
        if (!first.Descending)
        {
            if (!noneMissing && (!positioned || amongMissing))
            {
                yield return new SortPhase(null, string.Empty, amongMissing);
            }

            yield return amongMissing ? new SortPhase(SortWalk.Ascending, LowestValue(first, options), false) : ascending;
            yield break;
        }

        if (!amongMissing)
        {
            yield return descending;
        }

        if (!noneMissing)
        {
            yield return new SortPhase(null, string.Empty, amongMissing);
        }
    }

    /// <summary>
    /// Where an ascending walk without a position starts: the prefix for the name (so that the index range starts
    /// there), 0 for the size, the empty string otherwise (below every uuid and stored value).
    /// </summary>
    private static string LowestValue(ObjectSortKey first, ListObjectsOptions options) => first.Field switch
    {
        ObjectSortField.Name => options.Prefix ?? string.Empty,
        ObjectSortField.Size => "0",
        _ => string.Empty,
    };

    private static string SortValue(ObjectSortKey key, ObjectInfo info, IReadOnlyDictionary<string, string> metadata) => key.Field switch
    {
        ObjectSortField.Attribute => metadata.TryGetValue(key.AttributeKey!, out string? value) ? value : string.Empty,
        ObjectSortField.Name => info.Path.Name,
        ObjectSortField.Size => info.Size.ToString(CultureInfo.InvariantCulture),
        _ => info.Uuid.ToString("D", CultureInfo.InvariantCulture),
    };

    /// <summary>The page's entries, with their metadata read in one query when the listing asks for it.</summary>
    private async Task<List<ObjectListEntry>> ToEntriesAsync(DbConnection connection, List<ObjectInfo> rows, ListObjectsOptions options, CancellationToken cancellationToken)
    {
        if (!options.IncludeMetadata || rows.Count == 0)
        {
            return [.. rows.Select(static row => new ObjectListEntry(row))];
        }

        Dictionary<long, Dictionary<string, string>> bySerial = await SelectMetadataAsync(connection, rows.Select(static r => r.Serial), options.Domain!, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new ObjectListEntry(row, MetadataOf(bySerial, row.Serial)))];
    }

    /// <summary>Adds the metadata of the objects of a name-ordered page (subdirectories have none), in one query.</summary>
    private async Task<ObjectListPage> WithMetadataAsync(DbConnection connection, ObjectListPage page, string domain, CancellationToken cancellationToken)
    {
        List<ObjectInfo> objects = [.. page.Entries.Where(static e => e.Info is not null).Select(static e => e.Info!)];
        if (objects.Count == 0)
        {
            return page;
        }

        Dictionary<long, Dictionary<string, string>> bySerial = await SelectMetadataAsync(connection, objects.Select(static o => o.Serial), domain, cancellationToken).ConfigureAwait(false);
        List<ObjectListEntry> entries = [.. page.Entries.Select(e => e.Info is not ObjectInfo info ? e : new ObjectListEntry(info, MetadataOf(bySerial, info.Serial)))];
        return new ObjectListPage(entries, page.NextMarker);
    }

    private async Task<Dictionary<long, Dictionary<string, string>>> SelectMetadataAsync(
        DbConnection connection, IEnumerable<long> serials, string domain, CancellationToken cancellationToken)
    {
        IEnumerable<SerialAttributeRow> found = await connection.QueryAsync<SerialAttributeRow>(new CommandDefinition(
            _dialect.MetadataOfSerials, new { Domain = domain, Serials = serials.ToArray() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var bySerial = new Dictionary<long, Dictionary<string, string>>();
        foreach (SerialAttributeRow row in found)
        {
            if (!bySerial.TryGetValue(row.Serial, out Dictionary<string, string>? metadata))
            {
                bySerial[row.Serial] = metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            metadata[row.Key] = row.Value;
        }

        return bySerial;
    }

    private async Task<IReadOnlyDictionary<string, string>> SelectMetadataAsync(DbConnection connection, long serial, string? domain, CancellationToken cancellationToken)
    {
        if (domain is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return MetadataOf(await SelectMetadataAsync(connection, [serial], domain, cancellationToken).ConfigureAwait(false), serial);
    }

    /// <summary>A version's metadata from a page's look-up (empty when it has no key in the domain).</summary>
    private static Dictionary<string, string> MetadataOf(Dictionary<long, Dictionary<string, string>> bySerial, long serial) =>
        bySerial.TryGetValue(serial, out Dictionary<string, string>? metadata) ? metadata : new Dictionary<string, string>(StringComparer.Ordinal);

    private static void ValidateSortOptions(ListObjectsOptions options)
    {
        if (options.IncludeMetadata && options.Domain is null)
        {
            throw new ArgumentException("A listing that returns metadata needs the metadata domain to read.", nameof(options));
        }

        IReadOnlyList<ObjectSortKey>? sort = options.Sort;
        if (sort is null)
        {
            if (options.SortAfter is not null)
            {
                throw new ArgumentException("SortAfter continues a sorted listing, but no sort order was given.", nameof(options));
            }

            return;
        }

        if (sort.Count is 0 || sort.Count > ObjectStoreConstants.MaxListSortKeys)
        {
            throw new ArgumentException($"A sorted listing takes 1 to {ObjectStoreConstants.MaxListSortKeys} sort keys; {sort.Count} were given.", nameof(options));
        }

        if (sort.Any(static k => k is null))
        {
            throw new ArgumentException("A sort key is null.", nameof(options));
        }

        if (options.Delimiter is not null)
        {
            throw new ArgumentException("A sorted listing cannot group names by a delimiter.", nameof(options));
        }

        if (options.Until is not null)
        {
            throw new ArgumentException("A history listing (Until) is in name order; it takes no sort order.", nameof(options));
        }

        if (options.Domain is null && sort.FirstOrDefault(static k => k.Field == ObjectSortField.Attribute) is ObjectSortKey attribute)
        {
            throw new ArgumentException($"The sort key '{attribute}' is a metadata key and needs a metadata domain.", nameof(options));
        }

        if (options.SortAfter is IReadOnlyList<string> after)
        {
            if (after.Count != sort.Count || after.Any(static v => v is null))
            {
                throw new ArgumentException($"SortAfter must hold one value per sort key ({sort.Count}); it holds {after.Count}.", nameof(options));
            }

            for (int i = 0; i < sort.Count; i++)
            {
                if (sort[i].Field == ObjectSortField.Size && !long.TryParse(after[i], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    throw new ArgumentException($"The SortAfter value '{after[i]}' of the size key is not a size in invariant digits.", nameof(options));
                }
            }
        }
    }
}
