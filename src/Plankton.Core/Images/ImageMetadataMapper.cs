using System.Globalization;
using System.Text.Json;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>
/// The one mapping between an <see cref="ImageRecord"/> and an object: identity, size, checksum, owner and location
/// come from the object (<see cref="ObjectInfo"/>); every other attribute is a key of the object's
/// <see cref="ImageConstants.MetadataDomain"/> metadata domain.
/// </summary>
/// <remarks>
/// Keys: <c>name</c>, <c>status</c>, <c>disk_format</c>, <c>container_format</c>, <c>visibility</c>,
/// <c>protected</c>, <c>min_disk</c>, <c>min_ram</c>, <c>tags</c> (a JSON array), <c>created_at</c>,
/// <c>updated_at</c>, <c>deleted_at</c> (ISO 8601 round-trip, UTC), <c>members</c> (a JSON object, member id → status; absent when none) and one <c>property:&lt;key&gt;</c> per property
/// (as final Plankton; not one JSON blob). An object is an image when the domain has <c>name</c>. A <c>damaged</c> key,
/// set by a scrub, makes the image <see cref="ImageStatus.Killed"/> whatever its stored status.
/// </remarks>
internal static class ImageMetadataMapper
{
    public const string PropertyPrefix = "property:";

    public const string NameKey = "name";
    private const string StatusKey = "status";
    public const string DiskFormatKey = "disk_format";
    public const string ContainerFormatKey = "container_format";
    public const string VisibilityKey = "visibility";
    private const string ProtectedKey = "protected";
    private const string MinDiskKey = "min_disk";
    private const string MinRamKey = "min_ram";
    private const string TagsKey = "tags";
    private const string CreatedAtKey = "created_at";
    private const string UpdatedAtKey = "updated_at";
    private const string DeletedAtKey = "deleted_at";
    private const string MembersKey = "members";
    private const string TimestampFormat = "O";

    /// <summary>The domain's keys for a record (all of them: written with replace).</summary>
    public static Dictionary<string, string> ToMetadata(ImageRecord record)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [NameKey] = record.Name,
            [StatusKey] = ImageRules.Format(record.Status),
            [DiskFormatKey] = record.DiskFormat,
            [ContainerFormatKey] = record.ContainerFormat,
            [VisibilityKey] = ImageRules.Format(record.Visibility),
            [ProtectedKey] = record.Protected ? "true" : "false",
            [MinDiskKey] = record.MinDisk.ToString(CultureInfo.InvariantCulture),
            [MinRamKey] = record.MinRam.ToString(CultureInfo.InvariantCulture),
            [TagsKey] = JsonSerializer.Serialize(record.Tags, ImageJsonContext.Default.IReadOnlyListString),
            [CreatedAtKey] = FormatTime(record.CreatedAt),
            [UpdatedAtKey] = FormatTime(record.UpdatedAt),
        };
        if (record.DeletedAt is DateTimeOffset deletedAt)
        {
            metadata[DeletedAtKey] = FormatTime(deletedAt);
        }

        if (record.Members.Count > 0)
        {
            metadata[MembersKey] = FormatMembers(record.Members);
        }

        foreach (KeyValuePair<string, string> property in record.Properties)
        {
            metadata[PropertyPrefix + property.Key] = property.Value;
        }

        return metadata;
    }

    /// <summary>The record of an object version and its domain keys, or <see langword="null"/> when the object is not an image.</summary>
    public static ImageRecord? ToRecord(ObjectInfo info, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(NameKey, out string? name))
        {
            return null;
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> pair in metadata)
        {
            if (pair.Key.StartsWith(PropertyPrefix, StringComparison.Ordinal))
            {
                properties[pair.Key[PropertyPrefix.Length..]] = pair.Value;
            }
        }

        return new ImageRecord
        {
            Id = info.Uuid,
            Name = name,
            Checksum = info.Hash.ToString(),
            Size = info.Size,
            // A scrub that found a missing or corrupt block flags the image (docs/reliability.md): never served as good.
            Status = Get(metadata, Maintenance.IStoreMaintenance.DamagedKey) is null ? ParseStatus(Get(metadata, StatusKey)) : ImageStatus.Killed,
            DiskFormat = Get(metadata, DiskFormatKey) ?? ImageConstants.DefaultDiskFormat,
            ContainerFormat = Get(metadata, ContainerFormatKey) ?? ImageConstants.DefaultContainerFormat,
            Visibility = ParseVisibility(Get(metadata, VisibilityKey)),
            Owner = info.Path.Account,
            Location = ImageRules.FormatLocation(info.Path),
            Store = ImageConstants.Store,
            Properties = properties,
            CreatedAt = ParseTime(Get(metadata, CreatedAtKey)) ?? info.Timestamp,
            UpdatedAt = ParseTime(Get(metadata, UpdatedAtKey)) ?? info.Timestamp,
            DeletedAt = ParseTime(Get(metadata, DeletedAtKey)),
            Protected = string.Equals(Get(metadata, ProtectedKey), "true", StringComparison.OrdinalIgnoreCase),
            Tags = ParseTags(Get(metadata, TagsKey)),
            MinDisk = ParseLong(Get(metadata, MinDiskKey)),
            MinRam = ParseLong(Get(metadata, MinRamKey)),
            Members = ParseMembers(Get(metadata, MembersKey)),
        };
    }

    /// <summary>
    /// The object-store sort key for a listing sort key: <c>id</c> is the object's uuid, <c>size</c> its size, and
    /// every other key is the domain key of the same name (each written by <see cref="ToMetadata"/> in a form whose
    /// ordinal order is the record's order: status names, round-trip UTC times of one width).
    /// </summary>
    public static ObjectSortKey ToSortKey(string key, bool descending) => key switch
    {
        "id" => new ObjectSortKey(ObjectSortField.Uuid, descending),
        "size" => new ObjectSortKey(ObjectSortField.Size, descending),
        _ => new ObjectSortKey(key, descending),
    };

    /// <summary>A record's value for a listing sort key, in the form the object store sorts (see <see cref="ToSortKey"/>).</summary>
    public static string SortValue(ImageRecord record, string key) => key switch
    {
        "id" => record.Id.ToString("D", CultureInfo.InvariantCulture),
        "size" => record.Size.ToString(CultureInfo.InvariantCulture),
        NameKey => record.Name,
        StatusKey => ImageRules.Format(record.Status),
        DiskFormatKey => record.DiskFormat,
        ContainerFormatKey => record.ContainerFormat,
        CreatedAtKey => FormatTime(record.CreatedAt),
        _ => FormatTime(record.UpdatedAt),
    };

    /// <summary>The encoded members (one JSON object, member id → status), as stored under <c>members</c>.</summary>
    public static string FormatMembers(IReadOnlyDictionary<string, ImageMemberStatus> members)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, ImageMemberStatus> pair in members.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            map[pair.Key] = ImageRules.Format(pair.Value);
        }

        return JsonSerializer.Serialize(map, ImageJsonContext.Default.DictionaryStringString);
    }

    private static Dictionary<string, ImageMemberStatus> ParseMembers(string? value)
    {
        var members = new Dictionary<string, ImageMemberStatus>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(value))
        {
            return members;
        }

        try
        {
            foreach (KeyValuePair<string, string> pair in JsonSerializer.Deserialize(value, ImageJsonContext.Default.DictionaryStringString) ?? [])
            {
                members[pair.Key] = pair.Value switch
                {
                    "accepted" => ImageMemberStatus.Accepted,
                    "rejected" => ImageMemberStatus.Rejected,
                    _ => ImageMemberStatus.Pending,
                };
            }
        }
        catch (JsonException)
        {
            members.Clear();
        }

        return members;
    }

    private static string? Get(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out string? value) ? value : null;

    // Legacy Plankton stored "available" (seed) or upper-case states (final); they map onto the Glance names.
    private static ImageStatus ParseStatus(string? value) => value?.ToLowerInvariant() switch
    {
        "queued" => ImageStatus.Queued,
        "saving" or "unavailable" or "creating" => ImageStatus.Saving,
        "killed" or "error" => ImageStatus.Killed,
        "deleted" => ImageStatus.Deleted,
        "deactivated" => ImageStatus.Deactivated,
        _ => ImageStatus.Active,
    };

    private static ImageVisibility ParseVisibility(string? value) => value?.ToLowerInvariant() switch
    {
        "shared" => ImageVisibility.Shared,
        "public" => ImageVisibility.Public,
        "community" => ImageVisibility.Community,
        _ => ImageVisibility.Private,
    };

    private static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParseExact(value, TimestampFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time)
            ? time.ToUniversalTime()
            : null;

    private static long ParseLong(string? value) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long result) ? result : 0;

    private static string[] ParseTags(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
        }

        try
        {
            return [.. JsonSerializer.Deserialize(value, ImageJsonContext.Default.IReadOnlyListString) ?? []];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
