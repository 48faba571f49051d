using Plankton.Core.Exceptions;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>
/// The Pithos-style <see cref="IImageBackend"/>: an image is an object of an <see cref="IObjectStore"/> whose
/// <see cref="ImageConstants.MetadataDomain"/> metadata domain holds the image attributes; the image id is the
/// object's uuid.
/// </summary>
/// <remarks>
/// <para>Thread-safe, as the object store is. Every change is one object-store version (one transaction); an
/// update reads the image, applies the shared rules and writes the whole domain back (last writer wins).</para>
/// <para>The backend does not own the object store: it is not disposable, and the caller disposes the store.</para>
/// </remarks>
public sealed partial class PithosImageBackend : IImageBackend
{
    private readonly IObjectStore _store;
    private readonly ImageSettings _settings;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="PithosImageBackend"/> class.</summary>
    /// <param name="store">The object store holding the images; not owned.</param>
    /// <param name="options">The settings (validated and copied); <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for image timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="StoreConfigurationException">A setting in <paramref name="options"/> is not valid.</exception>
    public PithosImageBackend(IObjectStore store, PlanktonImageOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _settings = ImageSettings.From(options);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public async ValueTask<ImageUploadResult> UploadAsync(string userId, Stream data, ImageCreateRequest request, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateActingUser(userId, "uploading");
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        ImageRecord attributes = ImageRules.ValidateCreate(request, _settings);
        var expected = ImageRules.ParseExpected(request);
        ObjectPath path = ImageRules.UploadPath(userId, request, _settings);

        await ClaimUploadPathAsync(userId, path, cancellationToken).ConfigureAwait(false);

        // 1. An empty object whose image is "saving": the id exists while the data streams in.
        DateTimeOffset createdAt = _time.GetUtcNow();
        ObjectInfo placeholder = (await _store.WriteAsync(
            userId,
            path,
            Stream.Null,
            WithImage(ImageRules.Complete(attributes, Guid.Empty, path, 0, Hashing.BlockHash.Empty, ImageStatus.Saving, createdAt, createdAt)),
            cancellationToken).ConfigureAwait(false)).Info;
        try
        {
            // 2. The data as a new version of the same object (same uuid; the "saving" attributes carry forward): the
            // store pins each block as it is ingested, so a concurrent garbage collection cannot remove it before the
            // version references it, and reports the new and deduplicated counts.
            ObjectWriteResult result = await _store.WriteAsync(
                userId,
                path,
                data,
                new ObjectWriteOptions { Ingest = request.Ingest },
                cancellationToken).ConfigureAwait(false);
            ObjectInfo written = result.Info;
            IngestResult ingested = result.Ingest;
            ImageRules.VerifyData(expected, written.Size, written.Hash);

            // 3. Active.
            ImageRecord active = ImageRules.Complete(attributes, placeholder.Uuid, path, written.Size, written.Hash, ImageStatus.Active, createdAt, _time.GetUtcNow());
            return new ImageUploadResult(
                await SaveAsync(path, null, active, cancellationToken).ConfigureAwait(false),
                ingested.NewBlocks,
                ingested.NewBytes,
                ingested.DeduplicatedBlocks,
                ingested.DeduplicatedBytes);
        }
        catch
        {
            // A failed, cancelled or mismatched upload leaves no image: the object is deleted (its versions stay as
            // history of a deleted object, not reachable by id, until purged).
            await RemoveQuietlyAsync(userId, path).ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> RegisterAsync(string userId, string location, ImageCreateRequest request, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateActingUser(userId, "registering");
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(request);
        ObjectPath path = ImageRules.ParseLocation(location);
        ImageRecord attributes = ImageRules.ValidateCreate(request, _settings);
        var expected = ImageRules.ParseExpected(request);

        ObjectInfo info;
        try
        {
            info = await _store.GetInfoAsync(userId, path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            throw new ObjectNotFoundException(ObjectNotFoundKind.Item, path.ToString());
        }

        ImageRules.VerifyData(expected, info.Size, info.Hash);
        IReadOnlyDictionary<string, string> metadata = await _store.GetMetadataAsync(userId, path, ImageConstants.MetadataDomain, info.Serial, cancellationToken).ConfigureAwait(false);
        DateTimeOffset now = _time.GetUtcNow();
        ImageRecord? previous = ImageMetadataMapper.ToRecord(info, metadata);
        DateTimeOffset createdAt = previous?.CreatedAt ?? now;
        ImageRecord record = ImageRules.Complete(attributes, info.Uuid, path, info.Size, info.Hash, ImageStatus.Active, createdAt, now)
            with { Members = previous?.Members ?? new Dictionary<string, ImageMemberStatus>(StringComparer.Ordinal) };
        ObjectInfo final = await _store.UpdateMetadataAsync(
            userId,
            path,
            ImageConstants.MetadataDomain,
            ImageMetadataMapper.ToMetadata(record),
            replace: true,
            cancellationToken).ConfigureAwait(false);
        await SyncPermissionsAsync(path, previous, record, cancellationToken).ConfigureAwait(false);
        return record with { Id = final.Uuid, Size = final.Size, Checksum = final.Hash.ToString() };
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> GetAsync(string userId, Guid imageId, long? version = null, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord record) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        return version is long serial && serial != info.Serial
            ? await LoadVersionAsync(userId, imageId, serial, cancellationToken).ConfigureAwait(false)
            : record;
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> UpdateAsync(string userId, Guid imageId, ImageUpdate update, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(update);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        ImageRecord updated = ImageRules.ApplyUpdate(current, update, _settings, _time.GetUtcNow());
        return await SaveAsync(info.Path, current, updated, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(string userId, Guid imageId, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord record) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.EnsureReadable(record, userId, offset, length);

        // The version the record was read from, so the bytes are the ones its checksum describes; the block store
        // checks each block against its hash as it is read.
        return await _store.OpenReadAsync(userId, info.Path, info.Serial, offset, length, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> DeleteAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        ImageRecord deleted = ImageRules.MarkDeleted(current, _time.GetUtcNow());
        return ReferenceEquals(deleted, current)
            ? current
            : await SaveAsync(info.Path, current, deleted, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask UnregisterAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        ImageRules.EnsureNotProtected(current, "unregistered");
        await _store.UpdateMetadataAsync(
            userId,
            info.Path,
            ImageConstants.MetadataDomain,
            new Dictionary<string, string>(StringComparer.Ordinal),
            replace: true,
            cancellationToken).ConfigureAwait(false);

        // Spec §11.9: the read access the registration granted (public, community, members) goes with it.
        await SyncPermissionsAsync(info.Path, current, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ImageMember>> ListMembersAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (_, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        return ImageRules.ListMembers(userId, current);
    }

    /// <inheritdoc/>
    public async ValueTask<ImageMember> AddMemberAsync(string userId, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        ImageRecord updated = ImageRules.AddMember(current, memberId, _settings);
        await SaveAsync(info.Path, current, updated, cancellationToken).ConfigureAwait(false);
        return new ImageMember(imageId, memberId, updated.Members[memberId]);
    }

    /// <inheritdoc/>
    public async ValueTask<bool> RemoveMemberAsync(string userId, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        if (ImageRules.RemoveMember(current, memberId) is not ImageRecord updated)
        {
            return false;
        }

        await SaveAsync(info.Path, current, updated, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ImageMember>> ReplaceMembersAsync(string userId, Guid imageId, IReadOnlyCollection<string> memberIds, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(memberIds);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.DemandOwner(userId, current);
        ImageRecord updated = ImageRules.ReplaceMembers(current, memberIds, _settings);
        await SaveAsync(info.Path, current, updated, cancellationToken).ConfigureAwait(false);
        return ImageRules.ListMembers(userId, updated);
    }

    /// <inheritdoc/>
    public ValueTask<ImageMember> AcceptMemberAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        SetMemberStatusAsync(userId, imageId, ImageMemberStatus.Accepted, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageMember> RejectMemberAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        SetMemberStatusAsync(userId, imageId, ImageMemberStatus.Rejected, cancellationToken);

    private async ValueTask<ImageMember> SetMemberStatusAsync(string userId, Guid imageId, ImageMemberStatus status, CancellationToken cancellationToken)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRecord updated = ImageRules.SetMemberStatus(userId, current, status);

        // The member has read access only; the backend, having checked that the caller is a member, writes the
        // member's own status on the owner's behalf (see SaveAsync).
        await SaveAsync(info.Path, current, updated, cancellationToken).ConfigureAwait(false);
        return new ImageMember(imageId, userId, status);
    }

    private static ObjectWriteOptions WithImage(ImageRecord record) => new()
    {
        MetadataDomain = ImageConstants.MetadataDomain,
        Metadata = ImageMetadataMapper.ToMetadata(record),
        ReplaceMetadata = true,
    };

    /// <summary>Loads an image the user may see; anything else (unknown, not an image, not readable, private) is "not found".</summary>
    private async ValueTask<(ObjectInfo Info, ImageRecord Record)> LoadAsync(string userId, Guid imageId, CancellationToken cancellationToken)
    {
        ObjectInfo info;
        IReadOnlyDictionary<string, string> metadata;
        try
        {
            info = await _store.GetInfoByUuidAsync(userId, imageId, null, cancellationToken).ConfigureAwait(false);
            metadata = await _store.GetMetadataAsync(userId, info.Path, ImageConstants.MetadataDomain, info.Serial, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectNotFoundException or NotAllowedException)
        {
            throw new ImageNotFoundException(imageId);
        }

        ImageRecord record = ImageMetadataMapper.ToRecord(info, metadata) ?? throw new ImageNotFoundException(imageId);
        return (info, ImageRules.DemandVisible(userId, record));
    }

    /// <summary>
    /// Writes a record's keys (replacing the domain) and, when the read access it grants changed, the object's read
    /// permissions. Both are written as the owner (the object's account): the caller has been authorised by the
    /// shared rules already (only the owner, or a member changing their own status, gets here).
    /// </summary>
    private async ValueTask<ImageRecord> SaveAsync(ObjectPath path, ImageRecord? before, ImageRecord record, CancellationToken cancellationToken)
    {
        ObjectInfo saved = await _store.UpdateMetadataAsync(
            path.Account,
            path,
            ImageConstants.MetadataDomain,
            ImageMetadataMapper.ToMetadata(record),
            replace: true,
            cancellationToken).ConfigureAwait(false);
        await SyncPermissionsAsync(path, before, record, cancellationToken).ConfigureAwait(false);
        return record with { Size = saved.Size, Checksum = saved.Hash.ToString() };
    }

    /// <summary>
    /// Sets the object's own read list to what the image grants (<see cref="ImageRules.Readers"/>) when that changed;
    /// a write list set on the object itself is kept. Not atomic with the metadata write: a failure in between
    /// leaves the old read list until the next change.
    /// </summary>
    private async ValueTask SyncPermissionsAsync(ObjectPath path, ImageRecord? before, ImageRecord? after, CancellationToken cancellationToken)
    {
        if (!ImageRules.ReadersDiffer(before, after))
        {
            return;
        }

        ObjectPermissionsInfo current = await _store.GetPermissionsAsync(path.Account, path, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> write = path.Equals(current.Source) && !current.IsInherited ? current.Permissions.Write : [];
        string[] read = after is null ? [] : ImageRules.Readers(after);
        await _store.SetPermissionsAsync(path.Account, path, new ObjectPermissions(read, write), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<bool> ExistsAsync(string userId, ObjectPath path, CancellationToken cancellationToken)
    {
        try
        {
            await _store.GetInfoAsync(userId, path, null, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ObjectNotFoundException)
        {
            return false;
        }
    }

    private async ValueTask RemoveQuietlyAsync(string userId, ObjectPath path)
    {
        try
        {
            // Delete, then purge the whole history of the object this call made (the placeholder and any data
            // version), so that no version keeps the blocks it ingested referenced: the next garbage collection
            // frees what nothing else uses, and the path is free again.
            await _store.DeleteAsync(userId, path, CancellationToken.None).ConfigureAwait(false);
            await _store.PurgeAsync(userId, path, DateTimeOffset.MaxValue, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PlanktonException)
        {
            // Best effort: the original failure is what the caller needs to see. An image left "saving" here is
            // never active and can be deleted by its owner.
        }
    }
}
