using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>The lifecycle's status moves, anonymous access, clones and versions: rules both backends call.</summary>
internal static partial class ImageRules
{
    /// <summary>Whether the id is <see cref="ImageConstants.AnonymousUser"/>: it may read public images and nothing else.</summary>
    public static bool IsAnonymous(string userId) => string.Equals(userId, ImageConstants.AnonymousUser, StringComparison.Ordinal);

    /// <summary>Validates the user id and refuses the anonymous user: making images needs a user.</summary>
    public static void ValidateActingUser(string userId, string what)
    {
        ValidateUser(userId);
        if (IsAnonymous(userId))
        {
            throw new NotAllowedException($"The anonymous user may only read public images, not {what}.");
        }
    }

    /// <summary>Refuses the anonymous user an operation on an image it may see (a public one): only reads of the image and its data are open to it.</summary>
    public static ImageRecord DemandNotAnonymous(string userId, ImageRecord record, string what) =>
        IsAnonymous(userId)
            ? throw new NotAllowedException($"The anonymous user may only read public images, not {what} of image '{record.Id}'.")
            : record;

    /// <summary>
    /// The one status rule: an image may move only between <see cref="ImageStatus.Active"/> and
    /// <see cref="ImageStatus.Deactivated"/>; asking for the current status is no move. Any other target is invalid
    /// (<c>status</c>); from any other status it is a conflict.
    /// </summary>
    public static ImageStatus MoveStatus(ImageRecord current, ImageStatus wanted)
    {
        if (wanted == current.Status)
        {
            return wanted;
        }

        if (wanted is not (ImageStatus.Active or ImageStatus.Deactivated))
        {
            throw new ImageValidationException("status", $"the status may be set only to 'active' or 'deactivated', not '{Format(wanted)}'", null);
        }

        if (current.Status is not (ImageStatus.Active or ImageStatus.Deactivated))
        {
            throw new ImageConflictException(current.Id.ToString(), $"the status cannot move from '{Format(current.Status)}' to '{Format(wanted)}'", null);
        }

        return wanted;
    }

    /// <summary>Throws <see cref="ImageConflictException"/> when the image is deleted (it can no longer be changed).</summary>
    public static void EnsureNotDeleted(ImageRecord current)
    {
        if (current.Status == ImageStatus.Deleted)
        {
            throw new ImageConflictException(current.Id.ToString(), "the image is deleted and cannot be changed", null);
        }
    }

    /// <summary>Deactivates or reactivates: the record with the new status, or <paramref name="current"/> itself when it already has it.</summary>
    public static ImageRecord ChangeStatus(ImageRecord current, ImageStatus wanted, DateTimeOffset now)
    {
        EnsureNotDeleted(current);
        ImageStatus status = MoveStatus(current, wanted);
        return status == current.Status ? current : current with { Status = status, UpdatedAt = now };
    }

    /// <summary>The object an upload or a clone writes: the user's account, the upload container, the file name or the image name.</summary>
    public static ObjectPath UploadPath(string userId, string? fileName, string name, ImageSettings settings)
    {
        try
        {
            return new ObjectPath(userId, settings.DefaultContainer, fileName ?? name);
        }
        catch (InvalidObjectNameException ex)
        {
            // The name (or file name) becomes the object's path: one with "..", an empty segment and the like is a
            // bad request field, reported like every other field.
            throw new ImageValidationException(fileName is null ? "name" : "file_name", ex.Message, ex);
        }
    }

    /// <summary>Checks a clone request against a source the user may read, and returns the path the clone is written to.</summary>
    public static ObjectPath ValidateClone(string userId, ImageRecord source, ImageCloneRequest request, ImageSettings settings)
    {
        DemandNotAnonymous(userId, source, "cloning");
        ValidateName(request.Name, settings);
        EnsureReadable(source, userId, 0, null);
        return UploadPath(userId, request.FileName, request.Name, settings);
    }

    /// <summary>
    /// The record of a clone: the source's data (size, checksum), formats, properties, tags and minimums, under a new
    /// id, name, owner and location; private, unprotected, without members, active, made now.
    /// </summary>
    public static ImageRecord CompleteClone(ImageRecord source, ImageCloneRequest request, Guid id, ObjectPath path, DateTimeOffset now) =>
        source with
        {
            Id = id,
            Name = request.Name,
            Status = ImageStatus.Active,
            Visibility = ImageVisibility.Private,
            Protected = false,
            Owner = path.Account,
            Location = FormatLocation(path),
            Members = new Dictionary<string, ImageMemberStatus>(StringComparer.Ordinal),
            CreatedAt = now,
            UpdatedAt = now,
            DeletedAt = null,
        };

    /// <summary>
    /// Whether an object version is a version of the image: its attributes make it one, and it is not an upload's
    /// intermediate <see cref="ImageStatus.Saving"/> step (unless it is the latest version: an upload still running).
    /// </summary>
    public static bool IsImageVersion(ImageRecord? record, bool latest) =>
        record is not null && (latest || record.Status != ImageStatus.Saving);

    /// <summary>The error for a version that is not one of the image's versions.</summary>
    public static ImageNotFoundException UnknownVersion(Guid imageId, long version) =>
        new($"Image '{imageId}' has no version {version}.");
}
