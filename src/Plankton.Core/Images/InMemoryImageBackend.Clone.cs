using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>Object versions (one per change, as an object store keeps them), clones sharing data, and status moves.</summary>
public sealed partial class InMemoryImageBackend
{
    private readonly Dictionary<Guid, List<VersionEntry>> _versions = [];
    private long _serial;

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> PutAsync(string userId, Stream data, ImageCreateRequest request, CancellationToken cancellationToken = default) =>
        (await UploadAsync(userId, data, request, cancellationToken).ConfigureAwait(false)).Image;

    /// <inheritdoc/>
    public ValueTask<ImageRecord> CloneAsync(string userId, Guid imageId, ImageCloneRequest request, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            StoredObject source = Find(userId, imageId);
            ObjectPath path = ImageRules.ValidateClone(userId, source.Image!, request, _settings);
            if (_objects.ContainsKey(path))
            {
                throw new ImageConflictException(ImageRules.FormatLocation(path), "an object already exists there", null);
            }

            // The clone shares the source's (immutable) data array: nothing is copied.
            var uuid = Guid.NewGuid();
            ImageRecord clone = ImageRules.CompleteClone(source.Image!, request, uuid, path, _time.GetUtcNow());
            Commit(path, new StoredObject(uuid, source.Data, source.Hash, clone));
            return ValueTask.FromResult(clone);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ImageVersion>> ListVersionsAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ImageRules.DemandNotAnonymous(userId, Find(userId, imageId).Image!, "listing the versions");
            List<VersionEntry> versions = _versions[imageId];
            IReadOnlyList<ImageVersion> result =
            [
                .. versions
                    .Where((v, i) => ImageRules.IsImageVersion(v.Image, latest: i == versions.Count - 1))
                    .Select(v => new ImageVersion(v.Serial, v.Timestamp, v.ModifiedBy, v.Image!)),
            ];
            return ValueTask.FromResult(result);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ImageRecord> DeactivateAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        ChangeStatus(userId, imageId, ImageStatus.Deactivated, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageRecord> ReactivateAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        ChangeStatus(userId, imageId, ImageStatus.Active, cancellationToken);

    private ValueTask<ImageRecord> ChangeStatus(string userId, Guid imageId, ImageStatus status, CancellationToken cancellationToken)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        DateTimeOffset now = _time.GetUtcNow();
        return ValueTask.FromResult(ChangeAsOwner(userId, imageId, current => ImageRules.ChangeStatus(current, status, now))!);
    }

    /// <summary>The image at one of its versions, under the lock (the caller has checked that the user may see it now).</summary>
    private ImageRecord FindVersion(Guid imageId, long version)
    {
        List<VersionEntry> versions = _versions[imageId];
        int index = versions.FindIndex(v => v.Serial == version);
        return index >= 0 && ImageRules.IsImageVersion(versions[index].Image, latest: index == versions.Count - 1)
            ? versions[index].Image!
            : throw ImageRules.UnknownVersion(imageId, version);
    }

    /// <summary>
    /// Stores an object's new state as a new version, under the lock. Every change is made by the object's account,
    /// as in the Pithos backend (which writes members' status changes as the owner).
    /// </summary>
    private void Commit(ObjectPath path, StoredObject stored)
    {
        _objects[path] = stored;
        _paths[stored.Uuid] = path;
        if (!_versions.TryGetValue(stored.Uuid, out List<VersionEntry>? versions))
        {
            versions = [];
            _versions[stored.Uuid] = versions;
        }

        versions.Add(new VersionEntry(++_serial, _time.GetUtcNow(), path.Account, stored.Image));
    }

    private sealed record VersionEntry(long Serial, DateTimeOffset Timestamp, string ModifiedBy, ImageRecord? Image);
}
