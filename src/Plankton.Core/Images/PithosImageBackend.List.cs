using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>Listings: every filter the store can test exactly, the sort order and the keyset position run in the store's query.</summary>
public sealed partial class PithosImageBackend
{
    /// <summary>The most objects asked of the store in one batch while a container has rows that fail the filters the store cannot test.</summary>
    private const int MaxListBatch = 1000;

    /// <inheritdoc/>
    public ValueTask<ImageListPage> ListAsync(string userId, ImageListQuery? query = null, CancellationToken cancellationToken = default) =>
        ListCoreAsync(userId, query, ImageListScope.All, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageListPage> ListPublicAsync(string userId, ImageListQuery? query = null, CancellationToken cancellationToken = default) =>
        ListCoreAsync(userId, query, ImageListScope.Public, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageListPage> ListSharedAsync(string userId, ImageShareDirection direction, ImageListQuery? query = null, CancellationToken cancellationToken = default) =>
        ListCoreAsync(userId, query, ImageRules.ScopeOf(direction), cancellationToken);

    /// <summary>
    /// Lists each container the user may see (accounts, then containers) with one sorted, filtered store query that
    /// starts after the marker and returns the page with its metadata, and merges the containers' pages in memory
    /// (<see cref="ImagePageBuilder"/>, which also applies the filters the store cannot test exactly). The work grows
    /// with the containers and the page, not with the images in them.
    /// </summary>
    private async ValueTask<ImageListPage> ListCoreAsync(string userId, ImageListQuery? query, ImageListScope scope, CancellationToken cancellationToken)
    {
        ImageRules.ValidateUser(userId);
        ImageQueryPlan plan = ImageRules.ParseQuery(query, scope);
        ImageRecord? marker = null;
        string? markerName = null;
        if (plan.Marker is Guid markerId)
        {
            try
            {
                (ObjectInfo markerInfo, marker) = await LoadAsync(userId, markerId, cancellationToken).ConfigureAwait(false);
                markerName = markerInfo.Path.Name;
            }
            catch (ImageNotFoundException)
            {
                throw ImageRules.UnknownMarker(markerId);
            }
        }

        var builder = new ImagePageBuilder(plan, userId, marker);
        IReadOnlyList<string> accounts = scope == ImageListScope.SharedByMe
            ? [userId]
            : await _store.ListAccountsAsync(userId, cancellationToken).ConfigureAwait(false);
        foreach (string account in accounts)
        {
            bool own = string.Equals(account, userId, StringComparison.Ordinal);
            if ((plan.Owner is not null && !string.Equals(account, plan.Owner, StringComparison.Ordinal))
                || (scope == ImageListScope.SharedWithMe && own))
            {
                continue;
            }

            IReadOnlyList<string> containers;
            try
            {
                containers = await _store.ListContainersAsync(userId, account, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectNotFoundException)
            {
                continue;
            }

            foreach (string container in containers)
            {
                ListObjectsOptions options = StoreQuery(plan, marker, markerName);
                await CollectAsync(userId, account, container, plan, options, builder, cancellationToken).ConfigureAwait(false);
            }
        }

        return builder.Build();
    }

    /// <summary>
    /// Reads one container in the listing's order until it has given <c>limit + 1</c> images that the page builder
    /// accepts: every later image of the container sorts after them, so it cannot be on the page.
    /// </summary>
    private async ValueTask CollectAsync(
        string userId, string account, string container, ImageQueryPlan plan, ListObjectsOptions options, ImagePageBuilder builder, CancellationToken cancellationToken)
    {
        int accepted = 0;
        while (true)
        {
            ObjectListPage page;
            try
            {
                page = await _store.ListObjectsAsync(userId, account, container, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectNotFoundException or NotAllowedException)
            {
                return; // the container went away between the two listings
            }

            foreach (ObjectListEntry entry in page.Entries)
            {
                if (entry.Info is ObjectInfo info && entry.Metadata is { } metadata
                    && ImageMetadataMapper.ToRecord(info, metadata) is ImageRecord record
                    && builder.Offer(record))
                {
                    accepted++;
                }
            }

            if (accepted > plan.Limit || page.NextMarker is null)
            {
                return;
            }

            options.Marker = page.NextMarker;
            options.SortAfter = page.NextSortValues;
            options.Limit = Math.Min(MaxListBatch, options.Limit * 2);
        }
    }

    /// <summary>The store query of one container: the exact filters, the sort order and the position after the marker.</summary>
    private static ListObjectsOptions StoreQuery(ImageQueryPlan plan, ImageRecord? marker, string? markerName) => new()
    {
        Domain = ImageConstants.MetadataDomain,
        Filters = PushedFilters(plan),
        MinSize = plan.SizeMin,
        MaxSize = plan.SizeMax,
        PublicOnly = plan.Scope == ImageListScope.Public,
        SharedOnly = plan.Scope is ImageListScope.SharedByMe or ImageListScope.SharedWithMe,
        IncludeMetadata = true,
        Sort = [.. plan.SortKeys.Select(static k => ImageMetadataMapper.ToSortKey(k.Key, k.Descending))],
        SortAfter = marker is null ? null : [.. plan.SortKeys.Select(k => ImageMetadataMapper.SortValue(marker, k.Key))],
        Marker = markerName,
        Limit = plan.Limit + 1,
    };

    /// <summary>
    /// The filters the object store applies exactly: the image key (<c>name</c>) exists, one exact name, a
    /// non-private visibility (a missing key reads as private, so only the other values are exact), one disk or
    /// container format other than the default (a missing key reads as the default), and property values. Size
    /// bounds go in <see cref="ListObjectsOptions.MinSize"/>/<see cref="ListObjectsOptions.MaxSize"/>. Status and
    /// times are not pushed: legacy images store other spellings or lack the keys, which read as defaults.
    /// </summary>
    private static List<AttributeFilter> PushedFilters(ImageQueryPlan plan)
    {
        List<AttributeFilter> filters = [new AttributeFilter(ImageMetadataMapper.NameKey, AttributeFilterOperator.Exists)];
        if (plan.Names is { Count: 1 } names)
        {
            TryAdd(filters, ImageMetadataMapper.NameKey, names.First());
        }

        ImageVisibility? visibility = plan.Scope switch
        {
            ImageListScope.Public => ImageVisibility.Public,
            ImageListScope.SharedByMe or ImageListScope.SharedWithMe => ImageVisibility.Shared,
            _ => plan.Visibility,
        };
        if (visibility is ImageVisibility v && v != ImageVisibility.Private)
        {
            TryAdd(filters, ImageMetadataMapper.VisibilityKey, ImageRules.Format(v));
        }

        if (plan.DiskFormats is { Count: 1 } diskFormats && diskFormats.First() is var diskFormat && diskFormat != ImageConstants.DefaultDiskFormat)
        {
            TryAdd(filters, ImageMetadataMapper.DiskFormatKey, diskFormat);
        }

        if (plan.ContainerFormats is { Count: 1 } containerFormats && containerFormats.First() is var containerFormat && containerFormat != ImageConstants.DefaultContainerFormat)
        {
            TryAdd(filters, ImageMetadataMapper.ContainerFormatKey, containerFormat);
        }

        foreach (KeyValuePair<string, string> property in plan.Properties)
        {
            TryAdd(filters, ImageMetadataMapper.PropertyPrefix + property.Key, property.Value);
        }

        return filters;
    }

    private static void TryAdd(List<AttributeFilter> filters, string key, string value)
    {
        if (filters.Count >= ObjectStoreConstants.MaxListFilters)
        {
            return; // the in-memory filter still applies
        }

        try
        {
            filters.Add(new AttributeFilter(key, AttributeFilterOperator.Equal, value));
        }
        catch (Exception ex) when (ex is InvalidObjectNameException or ArgumentException)
        {
            // Not expressible as a store filter: the in-memory filter still applies.
        }
    }
}
