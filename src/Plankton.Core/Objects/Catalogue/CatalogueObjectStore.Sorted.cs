using System.Data;
using System.Data.Common;
using System.Globalization;
using Dapper;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Sorted listings (<see cref="ListObjectsOptions.Sort"/>) and metadata returned with a page (<see cref="ListObjectsOptions.IncludeMetadata"/>).</summary>
public abstract partial class CatalogueObjectStore
{
    /// <summary>
    /// Reads a sorted page: when a filter has few matches (the probe of <c>ChooseSortedDriveAsync</c>), those are read
    /// whole and sorted; otherwise the first key's index is walked in its order (for an attribute key, the objects
    /// without it, which sort as an empty value, first ascending and last descending, come from a sort of only them).
    /// The position carries from one phase to the next unchanged, since every row of the later phase sorts after
    /// every row of the earlier one. A walk reads its index in a scan window (<see cref="WalkInWindowAsync"/>); a page
    /// that has not filled in it ends there, positioned after the window.
    /// </summary>
    private async Task<ObjectListPage> ListSortedPageAsync(
        DbConnection connection,
        long containerId,
        string userId,
        bool isOwner,
        ListObjectsOptions options,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<ObjectSortKey> sort = options.Sort!;
        DynamicParameters parameters = ListParameters(containerId, userId, isOwner, options);
        string prefix = options.Prefix ?? string.Empty;
        parameters.Add("From", prefix, DbType.String);
        parameters.Add("Until", prefix.Length == 0 ? null : UpperBound(prefix), DbType.String);
        IReadOnlyList<string>? after = options.SortAfter;
        parameters.Add("Positioned", after is null ? 0L : 1L);
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

        int target = options.Limit + 1; // one more than a page tells whether another page follows
        var rows = new List<VersionRow>(Math.Min(target, 1024));
        string? filtered = await ChooseSortedDriveAsync(connection, parameters, options, cancellationToken).ConfigureAwait(false);
        bool someMissing = filtered is null && sort[0].Field == ObjectSortField.Attribute && await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            SortedListSql.CountMissing, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
        IEnumerable<SortPhase> phases = filtered is null ? Phases(sort, after?[0], options) : [new SortPhase(filtered, null, null)];
        SortPosition? cut = null;
        foreach (SortPhase phase in phases)
        {
            if (phase.MissingKey is not null && !someMissing)
            {
                continue; // no object of the container lacks the first key: no pass over it
            }

            AddFirstKeyValue(parameters, "Bound", sort[0].Field, phase.Bound);
            parameters.Add("MissingKey", phase.MissingKey, DbType.String);
            parameters.Add("Take", target - rows.Count);
            if (phase.Walk is not null)
            {
                cut = await WalkInWindowAsync(connection, parameters, phase, sort, target, rows, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                rows.AddRange(await connection.QueryAsync<VersionRow>(new CommandDefinition(phase.Sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false));
            }

            if (rows.Count >= target || cut is not null)
            {
                break;
            }
        }

        bool more = rows.Count > options.Limit;
        if (more)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        List<ObjectListEntry> entries = await ToEntriesAsync(connection, rows, options, cancellationToken).ConfigureAwait(false);
        if (!more)
        {
            return new ObjectListPage(entries, cut?.Name, cut?.Values);
        }

        ObjectListEntry last = entries[^1];
        IReadOnlyDictionary<string, string> metadata = last.Metadata ?? await SelectMetadataAsync(connection, rows[^1].Serial, options.Domain, cancellationToken).ConfigureAwait(false);
        return new ObjectListPage(entries, last.Name, [.. sort.Select(key => SortValue(key, last.Info!, metadata))]);
    }

    /// <summary>
    /// The statements of a sorted listing in order, each with its <c>@Bound</c> and <c>@MissingKey</c>: a walk of the
    /// first key's index from the position, and for an attribute key the objects without it (which sort as an empty
    /// value: first ascending, last descending). Those are not looked for when a filter needs that key (every test but
    /// <c>!key</c> does).
    /// </summary>
    private static IEnumerable<SortPhase> Phases(IReadOnlyList<ObjectSortKey> sort, string? firstAfter, ListObjectsOptions options)
    {
        ObjectSortKey first = sort[0];
        SortPhase Walk(SortWalk walk, string? bound) => new(SortedListSql.Driven(first.Field, walk, sort.Count), bound, null, walk);
        SortPhase ascending = Walk(SortWalk.Ascending, firstAfter ?? LowestValue(first, options));
        SortPhase descending = firstAfter is null ? Walk(SortWalk.Descending, null) : Walk(SortWalk.DescendingFrom, firstAfter);
        if (first.Field != ObjectSortField.Attribute)
        {
            yield return first.Descending ? descending : ascending;
            yield break;
        }

        // Objects without the key sort as an empty value; every stored value is non-empty.
        bool noneMissing = options.Filters?.Any(f => f.Operator != AttributeFilterOperator.NotExists && string.Equals(f.Key, first.AttributeKey, StringComparison.Ordinal)) == true;
        bool amongMissing = firstAfter is { Length: 0 };
        var missing = new SortPhase(SortedListSql.Generic, null, first.AttributeKey);
        if (!first.Descending)
        {
            if (!noneMissing && (firstAfter is null || amongMissing))
            {
                yield return missing;
            }

            yield return ascending;
            yield break;
        }

        if (!amongMissing)
        {
            yield return descending;
        }

        if (!noneMissing)
        {
            yield return missing;
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
    private async Task<List<ObjectListEntry>> ToEntriesAsync(DbConnection connection, List<VersionRow> rows, ListObjectsOptions options, CancellationToken cancellationToken)
    {
        if (!options.IncludeMetadata || rows.Count == 0)
        {
            return [.. rows.Select(static row => new ObjectListEntry(ToInfo(row)))];
        }

        Dictionary<long, Dictionary<string, string>> bySerial = await SelectMetadataAsync(connection, rows.Select(static r => r.Serial), options.Domain!, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(row => new ObjectListEntry(ToInfo(row), MetadataOf(bySerial, row.Serial)))];
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
