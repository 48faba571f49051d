using System.Text.Json;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>
/// The image rules every backend applies, in one place: validation of attributes, size and checksum checks, the
/// lifecycle's allowed moves, and locations. Backends only store and fetch.
/// </summary>
internal static partial class ImageRules
{
    /// <summary>Attribute names that a property may not take (they are image fields, some of them immutable).</summary>
    private static readonly HashSet<string> s_reservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "id", "name", "checksum", "size", "status", "owner", "location", "store", "disk_format", "container_format",
        "visibility", "is_public", "protected", "tags", "min_disk", "min_ram", "created_at", "updated_at", "deleted_at",
    };

    public static void ValidateUser(string userId) => ObjectNames.ValidateUser(userId);

    /// <summary>Checks a create request and returns the attributes it sets (no id, data, owner or times yet).</summary>
    public static ImageRecord ValidateCreate(ImageCreateRequest request, ImageSettings settings)
    {
        if (request.Store is not null && !string.Equals(request.Store, ImageConstants.Store, StringComparison.Ordinal))
        {
            throw new ImageValidationException("store", $"'{request.Store}' is not supported; only '{ImageConstants.Store}' is", null);
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Properties is not null)
        {
            foreach (KeyValuePair<string, string> pair in request.Properties)
            {
                ValidateProperty(pair.Key, pair.Value, settings, allowEmptyValue: false);
                properties[pair.Key] = pair.Value;
            }
        }

        CheckPropertyCount(properties.Count, settings);
        return new ImageRecord
        {
            Name = ValidateName(request.Name, settings),
            DiskFormat = ValidateFormat("disk_format", request.DiskFormat ?? settings.DefaultDiskFormat, settings.DiskFormats),
            ContainerFormat = ValidateFormat("container_format", request.ContainerFormat ?? settings.DefaultContainerFormat, settings.ContainerFormats),
            Visibility = ValidateVisibility(request.Visibility),
            Protected = request.Protected,
            MinDisk = ValidateMinimum("min_disk", request.MinDisk),
            MinRam = ValidateMinimum("min_ram", request.MinRam),
            Tags = ValidateTags(request.Tags ?? [], settings),
            Properties = properties,
        };
    }

    /// <summary>Checks the caller's expected size and checksum, when given, and parses the checksum.</summary>
    public static (long? Size, BlockHash? Checksum) ParseExpected(ImageCreateRequest request)
    {
        if (request.Size is < 0)
        {
            throw new ImageValidationException("size", $"the size must not be negative (was {request.Size})", null);
        }

        if (request.Checksum is null)
        {
            return (request.Size, null);
        }

        if (!BlockHash.TryParse(request.Checksum, out BlockHash checksum))
        {
            throw new ImageValidationException("checksum", "the checksum must be 64 hex digits (a Pithos top hash)", null);
        }

        return (request.Size, checksum);
    }

    /// <summary>Throws unless the data has the size and checksum expected (when they were given).</summary>
    public static void VerifyData((long? Size, BlockHash? Checksum) expected, long size, BlockHash checksum)
    {
        if (expected.Size is long expectedSize && expectedSize != size)
        {
            throw new ImageValidationException("size", $"the size given is {expectedSize} bytes but the data is {size} bytes", null);
        }

        if (expected.Checksum is BlockHash expectedChecksum && expectedChecksum != checksum)
        {
            throw new ImageValidationException("checksum", $"the checksum given is {expectedChecksum} but the data hashes to {checksum}", null);
        }
    }

    /// <summary>The record of a new image: the attributes asked for, plus identity, data, owner and times.</summary>
    public static ImageRecord Complete(ImageRecord attributes, Guid id, ObjectPath path, long size, BlockHash checksum, ImageStatus status, DateTimeOffset createdAt, DateTimeOffset updatedAt) =>
        attributes with
        {
            Id = id,
            Size = size,
            Checksum = checksum.ToString(),
            Status = status,
            Owner = path.Account,
            Location = FormatLocation(path),
            Store = ImageConstants.Store,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
            DeletedAt = null,
        };

    /// <summary>Applies an update to a record; the result's <see cref="ImageRecord.UpdatedAt"/> is <paramref name="now"/>.</summary>
    public static ImageRecord ApplyUpdate(ImageRecord current, ImageUpdate update, ImageSettings settings, DateTimeOffset now)
    {
        EnsureNotDeleted(current);
        ImageStatus status = update.Status is ImageStatus wanted ? MoveStatus(current, wanted) : current.Status;

        IReadOnlyDictionary<string, string> properties = current.Properties;
        if (update.Properties is not null)
        {
            if (!Enum.IsDefined(update.PropertiesMode))
            {
                throw new ImageValidationException("properties", $"the properties mode {update.PropertiesMode} is not defined", null);
            }

            bool merge = update.PropertiesMode == ImagePropertiesMode.Merge;
            var result = merge
                ? new Dictionary<string, string>(current.Properties, StringComparer.Ordinal)
                : new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, string> pair in update.Properties)
            {
                ValidateProperty(pair.Key, pair.Value, settings, allowEmptyValue: merge);
                if (pair.Value.Length == 0)
                {
                    result.Remove(pair.Key);
                }
                else
                {
                    result[pair.Key] = pair.Value;
                }
            }

            CheckPropertyCount(result.Count, settings);
            properties = result;
        }

        return current with
        {
            Name = update.Name is null ? current.Name : ValidateName(update.Name, settings),
            DiskFormat = update.DiskFormat is null ? current.DiskFormat : ValidateFormat("disk_format", update.DiskFormat, settings.DiskFormats),
            ContainerFormat = update.ContainerFormat is null ? current.ContainerFormat : ValidateFormat("container_format", update.ContainerFormat, settings.ContainerFormats),
            Visibility = update.Visibility is ImageVisibility visibility ? ValidateVisibility(visibility) : current.Visibility,
            Protected = update.Protected ?? current.Protected,
            MinDisk = update.MinDisk is long minDisk ? ValidateMinimum("min_disk", minDisk) : current.MinDisk,
            MinRam = update.MinRam is long minRam ? ValidateMinimum("min_ram", minRam) : current.MinRam,
            Tags = update.Tags is null ? current.Tags : ValidateTags(update.Tags, settings),
            Status = status,
            Properties = properties,
            UpdatedAt = now,
        };
    }

    /// <summary>The deleted form of a record; refused while protected; a deleted record is returned as it is.</summary>
    public static ImageRecord MarkDeleted(ImageRecord current, DateTimeOffset now)
    {
        if (current.Status == ImageStatus.Deleted)
        {
            return current;
        }

        EnsureNotProtected(current, "deleted");
        return current with { Status = ImageStatus.Deleted, DeletedAt = now, UpdatedAt = now };
    }

    public static void EnsureNotProtected(ImageRecord current, string operation)
    {
        if (current.Protected)
        {
            throw new ImageConflictException(current.Id.ToString(), $"the image is protected and cannot be {operation}", null);
        }
    }

    /// <summary>Throws unless the image has readable data for the user and the range is within it (a deactivated image is readable by its owner only).</summary>
    public static void EnsureReadable(ImageRecord current, string userId, long offset, long? length)
    {
        if (current.Status is not (ImageStatus.Active or ImageStatus.Deactivated))
        {
            throw new ImageConflictException(current.Id.ToString(), $"an image with status '{Format(current.Status)}' has no readable data", null);
        }

        if (current.Status == ImageStatus.Deactivated && !IsOwner(userId, current))
        {
            throw new ImageConflictException(current.Id.ToString(), "the image is deactivated; only its owner can read its data", null);
        }

        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset, current.Size);
        if (length is long l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(length));
        }
    }

    /// <summary>Throws <see cref="NotAllowedException"/> unless the user owns the object's account (registration).</summary>
    public static void DemandOwner(string userId, ObjectPath path)
    {
        if (!string.Equals(userId, path.Account, StringComparison.Ordinal))
        {
            throw new NotAllowedException(userId, path.ToString());
        }
    }

    /// <summary>Whether the user owns the image (the anonymous user owns nothing, even in an account of its name).</summary>
    public static bool IsOwner(string userId, ImageRecord record) =>
        string.Equals(userId, record.Owner, StringComparison.Ordinal) && !IsAnonymous(userId);

    /// <summary>
    /// Whether the user may see (get, read) the image: the owner always; everyone for public images, and every user
    /// but the anonymous one for community images; members (any status) of a shared image.
    /// </summary>
    public static bool CanSee(string userId, ImageRecord record) =>
        IsOwner(userId, record)
        || record.Visibility == ImageVisibility.Public
        || (record.Visibility == ImageVisibility.Community && !IsAnonymous(userId))
        || (record.Visibility == ImageVisibility.Shared && record.Members.ContainsKey(userId));

    /// <summary>Throws <see cref="ImageNotFoundException"/> (never "not allowed", so ids do not leak) unless the user may see the image.</summary>
    public static ImageRecord DemandVisible(string userId, ImageRecord record) =>
        CanSee(userId, record) ? record : throw new ImageNotFoundException(record.Id);

    /// <summary>Throws unless the user owns the image: <see cref="ImageNotFoundException"/> when they cannot even see it, else <see cref="NotAllowedException"/>.</summary>
    public static ImageRecord DemandOwner(string userId, ImageRecord record)
    {
        DemandVisible(userId, record);
        return IsOwner(userId, record) ? record : throw new NotAllowedException(userId, record.Location);
    }

    /// <summary>The read entries an image grants on its object: <c>*</c> for public and community, the members for shared, none for private.</summary>
    public static string[] Readers(ImageRecord record) => record.Visibility switch
    {
        ImageVisibility.Public or ImageVisibility.Community => [ObjectPermissions.Everyone],
        ImageVisibility.Shared => [.. record.Members.Keys.Order(StringComparer.Ordinal)],
        _ => [],
    };

    /// <summary>Whether two records grant different read access (so the object's permissions must change).</summary>
    public static bool ReadersDiffer(ImageRecord? before, ImageRecord? after) =>
        !(before is null ? [] : Readers(before)).SequenceEqual(after is null ? [] : Readers(after), StringComparer.Ordinal);

    /// <summary>The members of an image in ordinal member order: all of them for the owner, only their own entry for a member.</summary>
    public static IReadOnlyList<ImageMember> ListMembers(string userId, ImageRecord record) =>
    [
        .. DemandNotAnonymous(userId, record, "listing the members").Members
            .Where(m => IsOwner(userId, record) || string.Equals(m.Key, userId, StringComparison.Ordinal))
            .OrderBy(m => m.Key, StringComparer.Ordinal)
            .Select(m => new ImageMember(record.Id, m.Key, m.Value)),
    ];

    /// <summary>Adds a pending member (owner only, shared images only, up to the member limit).</summary>
    public static ImageRecord AddMember(ImageRecord current, string memberId, ImageSettings settings)
    {
        ValidateMember(current, memberId);
        if (current.Members.ContainsKey(memberId))
        {
            throw new ImageConflictException(current.Id.ToString(), $"'{memberId}' is already a member", null);
        }

        CheckMemberCount(current.Members.Count + 1, settings);

        return WithMembers(current, new Dictionary<string, ImageMemberStatus>(current.Members, StringComparer.Ordinal) { [memberId] = ImageMemberStatus.Pending });
    }

    /// <summary>Removes a member; <see langword="null"/> when the user is not a member.</summary>
    public static ImageRecord? RemoveMember(ImageRecord current, string memberId)
    {
        ValidateUser(memberId);
        if (!current.Members.ContainsKey(memberId))
        {
            return null;
        }

        var members = new Dictionary<string, ImageMemberStatus>(current.Members, StringComparer.Ordinal);
        members.Remove(memberId);
        return current with { Members = members };
    }

    /// <summary>Replaces the member list: members kept keep their status, new ones are pending.</summary>
    public static ImageRecord ReplaceMembers(ImageRecord current, IReadOnlyCollection<string> memberIds, ImageSettings settings)
    {
        var members = new Dictionary<string, ImageMemberStatus>(StringComparer.Ordinal);
        foreach (string memberId in memberIds)
        {
            ValidateMember(current, memberId);
            members[memberId] = current.Members.TryGetValue(memberId, out ImageMemberStatus status) ? status : ImageMemberStatus.Pending;
        }

        CheckMemberCount(members.Count, settings);

        return WithMembers(current, members);
    }

    /// <summary>Sets the acting member's own status; a user who is not a member cannot see a shared image's membership.</summary>
    public static ImageRecord SetMemberStatus(string userId, ImageRecord current, ImageMemberStatus status)
    {
        if (!current.Members.ContainsKey(userId))
        {
            DemandVisible(userId, current);
            throw new NotAllowedException(userId, current.Location);
        }

        if (current.Visibility != ImageVisibility.Shared)
        {
            throw new ImageConflictException(current.Id.ToString(), $"the image is {Format(current.Visibility)}, not shared; member statuses apply to shared images only", null);
        }

        return current with { Members = new Dictionary<string, ImageMemberStatus>(current.Members, StringComparer.Ordinal) { [userId] = status } };
    }

    /// <summary>The lower-case name of a member status, as stored and shown.</summary>
    public static string Format(ImageMemberStatus status) => status.ToString().ToLowerInvariant();

    private static void ValidateMember(ImageRecord current, string memberId)
    {
        try
        {
            ValidateUser(memberId);
        }
        catch (InvalidObjectNameException ex)
        {
            throw new ImageValidationException("member", ex.Message, ex);
        }

        if (memberId.Contains(':', StringComparison.Ordinal) || memberId == ObjectPermissions.Everyone || IsAnonymous(memberId))
        {
            throw new ImageValidationException("member", $"'{memberId}' is a group or everyone, not a user", null);
        }

        if (IsOwner(memberId, current))
        {
            throw new ImageValidationException("member", "the owner cannot be a member of their own image", null);
        }

        if (current.Visibility != ImageVisibility.Shared)
        {
            throw new ImageConflictException(current.Id.ToString(), $"the image is {Format(current.Visibility)}; only shared images have members", null);
        }
    }

    private static ImageRecord WithMembers(ImageRecord current, Dictionary<string, ImageMemberStatus> members)
    {
        if (ImageMetadataMapper.FormatMembers(members).Length > ObjectStoreConstants.MaxMetadataValueLength)
        {
            throw new ImageValidationException("members", $"the members take more than {ObjectStoreConstants.MaxMetadataValueLength} characters once encoded", null);
        }

        return current with { Members = members };
    }

    /// <summary>The object an upload writes: the user's account, the upload container, the file name or the image name.</summary>
    public static ObjectPath UploadPath(string userId, ImageCreateRequest request, ImageSettings settings) =>
        UploadPath(userId, request.FileName, request.Name, settings);

    /// <summary>Parses <c>pithos://account/container/path</c>; a malformed location is an error of the field <c>location</c>.</summary>
    public static ObjectPath ParseLocation(string location)
    {
        try
        {
            return ObjectPath.ParseLocation(location);
        }
        catch (InvalidObjectNameException ex)
        {
            throw new ImageValidationException("location", ex.Message, ex);
        }
    }

    public static string FormatLocation(ObjectPath path) => ImageConstants.LocationScheme + path;

    /// <summary>The lower-case name of a status, as stored and shown (<c>active</c>, <c>deactivated</c>…).</summary>
    public static string Format(ImageStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The lower-case name of a visibility, as stored and shown.</summary>
    public static string Format(ImageVisibility visibility) => visibility.ToString().ToLowerInvariant();

    private static string ValidateName(string? name, ImageSettings settings)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ImageValidationException("name", "the name must not be empty", null);
        }

        if (name.Length > settings.MaxNameLength)
        {
            throw new ImageValidationException("name", $"the name is longer than {settings.MaxNameLength} characters", null);
        }

        if (name.Any(char.IsControl) || ObjectNames.HasLoneSurrogate(name))
        {
            throw new ImageValidationException("name", "the name contains a control character", null);
        }

        return name;
    }

    private static string ValidateFormat(string field, string format, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(format, StringComparer.Ordinal))
        {
            throw new ImageValidationException(field, $"'{format}' is not one of {string.Join(", ", allowed)}", null);
        }

        return format;
    }

    private static ImageVisibility ValidateVisibility(ImageVisibility visibility) =>
        Enum.IsDefined(visibility)
            ? visibility
            : throw new ImageValidationException("visibility", $"{visibility} is not a visibility", null);

    private static long ValidateMinimum(string field, long value) =>
        value >= 0 ? value : throw new ImageValidationException(field, $"the value must not be negative (was {value})", null);

    private static string[] ValidateTags(IReadOnlyList<string> tags, ImageSettings settings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(tags.Count);
        foreach (string? tag in tags)
        {
            if (string.IsNullOrWhiteSpace(tag) || tag.Length > settings.MaxTagLength || tag.Any(char.IsControl) || ObjectNames.HasLoneSurrogate(tag))
            {
                throw new ImageValidationException("tags", $"a tag must be 1 to {settings.MaxTagLength} characters without control characters (got '{tag}')", null);
            }

            if (seen.Add(tag))
            {
                result.Add(tag);
            }
        }

        if (result.Count > settings.MaxTags)
        {
            throw new ImageValidationException("tags", $"an image may have at most {settings.MaxTags} tags (got {result.Count})", null);
        }

        // Stored as one JSON array in one metadata value, whose length the object store bounds.
        if (JsonSerializer.Serialize(result, ImageJsonContext.Default.IReadOnlyListString).Length > ObjectStoreConstants.MaxMetadataValueLength)
        {
            throw new ImageValidationException("tags", $"the tags take more than {ObjectStoreConstants.MaxMetadataValueLength} characters once encoded", null);
        }

        return [.. result];
    }

    private static void ValidateProperty(string? key, string? value, ImageSettings settings, bool allowEmptyValue)
    {
        if (string.IsNullOrEmpty(key) || key.Length > settings.MaxPropertyKeyLength || key.Any(char.IsControl) || ObjectNames.HasLoneSurrogate(key))
        {
            throw new ImageValidationException("properties", $"a property key must be 1 to {settings.MaxPropertyKeyLength} characters without control characters (got '{key}')", null);
        }

        string field = "properties." + key;
        if (s_reservedNames.Contains(key))
        {
            throw new ImageValidationException(field, $"'{key}' is an image attribute, not a property (size, checksum, id and owner cannot be changed at all)", null);
        }

        if (value is null)
        {
            throw new ImageValidationException(field, "the value is null", null);
        }

        if (value.Length == 0 && !allowEmptyValue)
        {
            throw new ImageValidationException(field, "the value is empty (an empty value removes a property only in a merge update)", null);
        }

        if (value.Length > settings.MaxPropertyValueLength || value.Any(char.IsControl) || ObjectNames.HasLoneSurrogate(value))
        {
            throw new ImageValidationException(field, $"the value must be at most {settings.MaxPropertyValueLength} characters without control characters", null);
        }
    }

    private static void CheckMemberCount(int count, ImageSettings settings)
    {
        if (count > settings.MaxMembers)
        {
            throw new ImageValidationException("members", $"an image may have at most {settings.MaxMembers} members (got {count})", null);
        }
    }

    private static void CheckPropertyCount(int count, ImageSettings settings)
    {
        if (count > settings.MaxProperties)
        {
            throw new ImageValidationException("properties", $"an image may have at most {settings.MaxProperties} properties (got {count})", null);
        }
    }
}
