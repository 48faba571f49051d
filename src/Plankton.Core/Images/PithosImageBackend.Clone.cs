using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>Clones (one catalogue copy, no block copied), versions, and the deactivate/reactivate status moves.</summary>
public sealed partial class PithosImageBackend
{
    /// <inheritdoc/>
    public async ValueTask<ImageRecord> PutAsync(string userId, Stream data, ImageCreateRequest request, CancellationToken cancellationToken = default) =>
        (await UploadAsync(userId, data, request, cancellationToken).ConfigureAwait(false)).Image;

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> CloneAsync(string userId, Guid imageId, ImageCloneRequest request, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(request);
        (ObjectInfo info, ImageRecord source) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ObjectPath path = ImageRules.ValidateClone(userId, source, request, _settings);

        await ClaimUploadPathAsync(userId, path, cancellationToken).ConfigureAwait(false);

        // One catalogue transaction: the copy shares the version's hashmap (copy-on-write, no block copied), gets a
        // new uuid, and gets the clone's keys in place of the source's in the same version, so no crash or failure
        // can leave an object at the clone's path carrying the source's image. The record's id is the copy's uuid
        // (never stored in the keys). A clone is private without members: it grants no read access to sync.
        ImageRecord clone = ImageRules.CompleteClone(source, request, Guid.Empty, path, _time.GetUtcNow());
        ObjectInfo copy = await _store.CopyAsync(
            userId,
            info.Path,
            path,
            new ObjectCopyOptions
            {
                Version = info.Serial,
                MetadataDomain = ImageConstants.MetadataDomain,
                Metadata = ImageMetadataMapper.ToMetadata(clone),
                ReplaceMetadata = true,
            },
            cancellationToken).ConfigureAwait(false);
        return clone with { Id = copy.Uuid, Size = copy.Size, Checksum = copy.Hash.ToString() };
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ImageVersion>> ListVersionsAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo latest, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandNotAnonymous(userId, current, "listing the versions");
        IReadOnlyList<ObjectVersionInfo> versions;
        try
        {
            versions = await _store.ListVersionsAsync(userId, latest.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or NotAllowedException)
        {
            throw new ImageNotFoundException(imageId);
        }

        // The path's history may hold other objects (deleted, then made again at the same path): only versions
        // carrying the image's uuid count, and of those only the ones that were the image.
        var result = new List<ImageVersion>(versions.Count);
        foreach (ObjectVersionInfo version in versions)
        {
            if (version.Serial > latest.Serial)
            {
                break;
            }

            if (await TryLoadVersionAsync(userId, imageId, version.Serial, latest.Serial, cancellationToken).ConfigureAwait(false) is ImageRecord record)
            {
                result.Add(new ImageVersion(version.Serial, version.Timestamp, version.ModifiedBy, record));
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public ValueTask<ImageRecord> DeactivateAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(userId, imageId, ImageStatus.Deactivated, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageRecord> ReactivateAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        ChangeStatusAsync(userId, imageId, ImageStatus.Active, cancellationToken);

    private async ValueTask<ImageRecord> ChangeStatusAsync(string userId, Guid imageId, ImageStatus status, CancellationToken cancellationToken)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        ImageRecord changed = ImageRules.ChangeStatus(current, status, _time.GetUtcNow());
        return ReferenceEquals(changed, current)
            ? current
            : await SaveAsync(info.Path, current, changed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Makes the user's account and upload container when missing, and refuses a path where an object exists: where
    /// an upload or a clone writes a new object (which the user then owns, so <see cref="SaveAsync"/> writes as them).
    /// </summary>
    private async ValueTask ClaimUploadPathAsync(string userId, ObjectPath path, CancellationToken cancellationToken)
    {
        await _store.EnsureAccountAsync(userId, userId, cancellationToken).ConfigureAwait(false);
        await _store.EnsureContainerAsync(userId, userId, path.Container, VersioningPolicy.Auto, cancellationToken).ConfigureAwait(false);
        if (await ExistsAsync(userId, path, cancellationToken).ConfigureAwait(false))
        {
            throw new ImageConflictException(ImageRules.FormatLocation(path), "an object already exists there", null);
        }
    }

    /// <summary>The image at an older version (the caller has checked that the user may see the image now).</summary>
    private async ValueTask<ImageRecord> LoadVersionAsync(string userId, Guid imageId, long version, CancellationToken cancellationToken) =>
        await TryLoadVersionAsync(userId, imageId, version, latestSerial: null, cancellationToken).ConfigureAwait(false)
            ?? throw ImageRules.UnknownVersion(imageId, version);

    /// <summary>The image at a version of its object, or <see langword="null"/> when that version was not the image.</summary>
    private async ValueTask<ImageRecord?> TryLoadVersionAsync(string userId, Guid imageId, long version, long? latestSerial, CancellationToken cancellationToken)
    {
        try
        {
            ObjectInfo info = await _store.GetInfoByUuidAsync(userId, imageId, version, cancellationToken).ConfigureAwait(false);
            IReadOnlyDictionary<string, string> metadata = await _store.GetMetadataAsync(userId, info.Path, ImageConstants.MetadataDomain, version, cancellationToken).ConfigureAwait(false);
            ImageRecord? record = ImageMetadataMapper.ToRecord(info, metadata);
            return ImageRules.IsImageVersion(record, latest: version == latestSerial) ? record : null;
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or NotAllowedException)
        {
            return null;
        }
    }
}
