using System.Data;
using System.Data.Common;
using System.Text;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Listings: accounts, containers and objects visible to a user.</summary>
public abstract partial class CatalogueObjectStore
{
    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListAccountsAsync(string userId, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        IEnumerable<string> names = await RunAsync(userId, (connection, ct) => connection.QueryAsync<string>(new CommandDefinition(
            Sql.ListVisibleAccounts, new { User = userId }, cancellationToken: ct)), cancellationToken).ConfigureAwait(false);
        return names.AsList();
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> ListContainersAsync(string userId, string account, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        bool isOwner = ObjectAccess.IsOwner(userId, account);
        IEnumerable<string> names = await RunAsync(account, async (connection, ct) =>
        {
            if (!isOwner)
            {
                return await connection.QueryAsync<string>(new CommandDefinition(
                    Sql.ListSharedContainers, new { Account = account, User = userId }, cancellationToken: ct)).ConfigureAwait(false);
            }

            _ = await RequireAccountIdAsync(connection, null, account, ct).ConfigureAwait(false);
            return await connection.QueryAsync<string>(new CommandDefinition(
                Sql.ListOwnContainers, new { Account = account }, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return names.AsList();
    }

    /// <inheritdoc/>
    public async ValueTask<ObjectListPage> ListObjectsAsync(
        string userId,
        string account,
        string container,
        ListObjectsOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateContainer(container);
        options ??= new ListObjectsOptions();
        ValidateListOptions(options);
        bool isOwner = ObjectAccess.IsOwner(userId, account);
        string path = $"{account}/{container}";
        if (options.Until is not null && !isOwner)
        {
            throw new NotAllowedException($"Browsing other account's history is not allowed: user '{userId}' asked for the history of '{path}'.");
        }

        return await RunAsync(path, async (connection, ct) =>
        {
            LocateRow? located = await LocateAsync(connection, null, account, container, string.Empty, ct).ConfigureAwait(false);
            if (located?.ContainerId is null)
            {
                // A non-owner learns nothing about what exists.
                throw !isOwner ? new NotAllowedException(userId, path)
                    : located is null ? new ObjectNotFoundException(ObjectNotFoundKind.Account, account)
                    : new ObjectNotFoundException(ObjectNotFoundKind.Container, path);
            }

            if (options.Sort is not null)
            {
                return await ListSortedPageAsync(connection, new ListScope(located.ContainerId.Value, userId, isOwner), options, ct).ConfigureAwait(false);
            }

            ObjectListPage page = await ListPageAsync(connection, located.ContainerId.Value, userId, isOwner, options, ct).ConfigureAwait(false);
            return options.IncludeMetadata ? await WithMetadataAsync(connection, page, options.Domain!, ct).ConfigureAwait(false) : page;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads a page in name order, in batches of at most the entries still needed. With a delimiter, the first name
    /// of a subdirectory ends the batch: the subdirectory is reported once and the next batch starts after all of
    /// its names (so queries grow with the subdirectories on the page, never with the objects in them).
    /// </summary>
    /// <remarks>
    /// A walk that tests rows it may reject (the names, an equality filter's index, history) reads at most
    /// <see cref="ListScanLimit"/> of them, or the page's limit plus one if that is more: the window ends after that many rows, and a page that has not filled by
    /// then ends early, with the last row read as its marker (<see cref="PartialPageMarker"/>). A drive through a
    /// range of an index reads only matches, which its probe bounds, and needs no window.
    /// </remarks>
    private async Task<ObjectListPage> ListPageAsync(
        DbConnection connection,
        long containerId,
        string userId,
        bool isOwner,
        ListObjectsOptions options,
        CancellationToken cancellationToken)
    {
        string prefix = options.Prefix ?? string.Empty;
        string? until = prefix.Length == 0 ? null : UpperBound(prefix);
        DynamicParameters parameters = ListParameters(containerId, userId, isOwner, options);
        ListDrive drive = await ChooseDriveAsync(connection, parameters, options, cancellationToken).ConfigureAwait(false);
        parameters.Add("Until", until, DbType.String);

        string after = options.Marker ?? string.Empty;
        string from = prefix;
        if (options.Delimiter is char markerDelimiter && MarkedSubdirectory(after, prefix, markerDelimiter) is string markedSubdirectory)
        {
            // The marker is a subdirectory already reported: continue after all of it.
            string? next = UpperBound(markedSubdirectory);
            if (next is null)
            {
                return new ObjectListPage([], null);
            }

            from = next;
        }

        parameters.Add("After", after, DbType.String);
        parameters.Add("From", from, DbType.String);
        string? lastScanned = null;
        if (drive.Window is not null)
        {
            // The window: the first ListScanLimit rows of the walk, or a page's worth (plus the one that tells whether
            // another follows) if that is more, so that a page whose rows all match fills; the row after them bounds it.
            parameters.Add("ScanOffset", Math.Max(ListScanLimit, options.Limit + 1) - 1);
            List<string> edge = (await connection.QueryAsync<string>(new CommandDefinition(
                drive.Window, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            if (edge.Count == 2)
            {
                (lastScanned, until) = (edge[0], edge[1]);
                parameters.Add("Until", until, DbType.String);
            }
        }

        string sql = ListStatement(until is null ? drive.Unbounded : drive.Bounded, options);
        int target = options.Limit + 1; // one more than a page tells whether another page follows
        var entries = new List<ObjectListEntry>();
        string? reported = null; // the last subdirectory reported
        while (entries.Count < target)
        {
            int take = target - entries.Count;
            parameters.Add("After", after, DbType.String);
            parameters.Add("From", from, DbType.String);
            parameters.Add("Take", take);
            List<VersionRow> rows = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
                sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).AsList();
            string? subdirectory = null;
            foreach (VersionRow row in rows)
            {
                subdirectory = options.Delimiter is char delimiter ? Subdirectory(row.Name, prefix, delimiter) : null;
                if (subdirectory is not null)
                {
                    entries.Add(new ObjectListEntry(subdirectory));
                    break;
                }

                entries.Add(new ObjectListEntry(ToInfo(row)));
            }

            if (subdirectory is not null)
            {
                reported = subdirectory;
                string? next = UpperBound(subdirectory);
                if (next is null)
                {
                    lastScanned = null; // nothing sorts after this subdirectory: the listing is complete
                    break;
                }

                from = next;
                continue;
            }

            if (rows.Count < take)
            {
                break;
            }

            after = rows[^1].Name;
        }

        if (entries.Count <= options.Limit)
        {
            return new ObjectListPage(entries, lastScanned is null ? null : PartialPageMarker(lastScanned, reported));
        }

        entries.RemoveAt(entries.Count - 1);
        return new ObjectListPage(entries, entries[^1].Name);
    }

    /// <summary>
    /// The marker of a page that ended at its window before filling: the last row the window read, or the last
    /// subdirectory reported when that row lies inside it (the page listed all of that subdirectory). A marker inside
    /// a subdirectory not yet reported continues inside it (<see cref="MarkedSubdirectory"/>), so a subdirectory whose
    /// first match lies past the window is still reported on a later page.
    /// </summary>
    private static string PartialPageMarker(string lastScanned, string? reported) =>
        reported is not null && lastScanned.StartsWith(reported, StringComparison.Ordinal) ? reported : lastScanned;

    /// <summary>A listing statement as the options need it: with every filter slot (<see cref="Sql.Widen"/>) when they hold more filters than a caller may give.</summary>
    private static string ListStatement(string statement, ListObjectsOptions options) =>
        options.Filters?.Count > ObjectStoreConstants.MaxListFilters ? Sql.Widen(statement) : statement;

    private static DynamicParameters ListParameters(long containerId, string userId, bool isOwner, ListObjectsOptions options)
    {
        var parameters = new DynamicParameters();
        parameters.Add("ContainerId", containerId);
        parameters.Add("User", userId);
        parameters.Add("IsOwner", isOwner ? 1L : 0L);
        parameters.Add("Domain", options.Domain, DbType.String);
        parameters.Add("MinSize", options.MinSize, DbType.Int64);
        parameters.Add("MaxSize", options.MaxSize, DbType.Int64);
        parameters.Add("SharedOnly", options.SharedOnly ? 1L : 0L);
        parameters.Add("PublicOnly", options.PublicOnly ? 1L : 0L);
        IReadOnlyList<AttributeFilter> filters = options.Filters ?? [];
        for (int i = 0; i < (filters.Count > ObjectStoreConstants.MaxListFilters ? Sql.FilterSlots : ObjectStoreConstants.MaxListFilters); i++)
        {
            AttributeFilter? filter = i < filters.Count ? filters[i] : null;
            parameters.Add($"Op{i + 1}", filter is null ? null : (long)filter.Operator, DbType.Int64);
            parameters.Add($"Key{i + 1}", filter?.Key, DbType.String);
            parameters.Add($"Value{i + 1}", filter?.Value, DbType.String);
        }

        return parameters;
    }

    private static void ValidateListOptions(ListObjectsOptions options)
    {
        if (options.Limit is < 1 or > ObjectStoreConstants.MaxListLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Limit, $"The listing limit must be from 1 to {ObjectStoreConstants.MaxListLimit}.");
        }

        ObjectNames.ValidateListText("prefix", options.Prefix);
        ObjectNames.ValidateListText("marker", options.Marker);
        if (options.Delimiter is char delimiter)
        {
            ObjectNames.ValidateDelimiter(delimiter, nameof(options));
        }

        if (options.MinSize < 0 || options.MaxSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The size range bounds must not be negative.");
        }

        if (options.Domain is not null)
        {
            ObjectNames.ValidateDomain(options.Domain);
        }

        IReadOnlyList<AttributeFilter> filters = options.Filters ?? [];
        if (filters.Count > ObjectStoreConstants.MaxListFilters)
        {
            throw new ArgumentException($"A listing takes at most {ObjectStoreConstants.MaxListFilters} attribute filters; {filters.Count} were given.", nameof(options));
        }

        if (filters.Any(static f => f is null))
        {
            throw new ArgumentException("An attribute filter is null.", nameof(options));
        }

        if (filters.Count > 0 && options.Domain is null)
        {
            throw new ArgumentException(
                $"The attribute filters ({string.Join(", ", filters.Select(static f => $"'{f}'"))}) need a metadata domain to test.", nameof(options));
        }

        ValidateSortOptions(options);
    }

    /// <summary>The common prefix of <paramref name="name"/> up to and including the first delimiter after <paramref name="prefix"/>, unless the name ends there.</summary>
    private static string? Subdirectory(string name, string prefix, char delimiter)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        int index = name.IndexOf(delimiter, prefix.Length);
        return index < 0 || index == name.Length - 1 ? null : name[..(index + 1)];
    }

    /// <summary>
    /// The subdirectory a marker names: a marker that ends at the first delimiter after the listing prefix is a
    /// subdirectory entry of the previous page, whose names were all listed. A marker deeper inside a subdirectory
    /// lists the names after it, and reports the subdirectory again if any of them match (as Pithos does: names after
    /// the marker, then grouped); a page that ends at its scan window gives such a marker.
    /// </summary>
    private static string? MarkedSubdirectory(string marker, string prefix, char delimiter)
    {
        if (!marker.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        int index = marker.IndexOf(delimiter, prefix.Length);
        return index >= 0 && index == marker.Length - 1 ? marker : null;
    }

    /// <summary>
    /// The smallest string above every string that starts with <paramref name="prefix"/>, in the catalogue's order
    /// (SQLite compares UTF-8 bytes, that is code points): the last code point incremented, dropping maximal ones;
    /// <see langword="null"/> when there is none.
    /// </summary>
    private static string? UpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            int last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last < 0x10FFFF)
            {
                runes.Add(new Rune(last + 1 == 0xD800 ? 0xE000 : last + 1));
                var builder = new StringBuilder(prefix.Length + 1);
                foreach (Rune rune in runes)
                {
                    builder.Append(rune.ToString());
                }

                return builder.ToString();
            }
        }

        return null;
    }
}
