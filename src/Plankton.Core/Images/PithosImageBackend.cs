using Plankton.Core.Exceptions;
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
public sealed class PithosImageBackend : IImageBackend
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
    public async ValueTask<ImageRecord> PutAsync(string userId, Stream data, ImageCreateRequest request, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(request);
        ImageRecord attributes = ImageRules.ValidateCreate(request, _settings);
        var expected = ImageRules.ParseExpected(request);
        ObjectPath path = ImageRules.UploadPath(userId, request, _settings);

        await _store.EnsureAccountAsync(userId, userId, cancellationToken).ConfigureAwait(false);
        await _store.EnsureContainerAsync(userId, userId, path.Container, VersioningPolicy.Auto, cancellationToken).ConfigureAwait(false);
        if (await ExistsAsync(userId, path, cancellationToken).ConfigureAwait(false))
        {
            throw new ImageConflictException(ImageRules.FormatLocation(path), "an object already exists there", null);
        }

        // 1. An empty object whose image is "saving": the id exists while the data streams in.
        DateTimeOffset createdAt = _time.GetUtcNow();
        ObjectInfo placeholder = await _store.WriteAsync(
            userId,
            path,
            Stream.Null,
            WithImage(ImageRules.Complete(attributes, Guid.Empty, path, 0, Hashing.BlockHash.Empty, ImageStatus.Saving, createdAt, createdAt)),
            cancellationToken).ConfigureAwait(false);
        try
        {
            // 2. The data, as a new version of the same object (same uuid; the "saving" attributes carry forward).
            ObjectInfo written = await _store.WriteAsync(
                userId,
                path,
                data,
                new ObjectWriteOptions { Ingest = request.Ingest },
                cancellationToken).ConfigureAwait(false);
            ImageRules.VerifyData(expected, written.Size, written.Hash);

            // 3. Active.
            ImageRecord active = ImageRules.Complete(attributes, placeholder.Uuid, path, written.Size, written.Hash, ImageStatus.Active, createdAt, _time.GetUtcNow());
            ObjectInfo final = await _store.UpdateMetadataAsync(
                userId,
                path,
                ImageConstants.MetadataDomain,
                ImageMetadataMapper.ToMetadata(active),
                replace: true,
                cancellationToken).ConfigureAwait(false);
            return active with { Id = final.Uuid, Size = final.Size, Checksum = final.Hash.ToString() };
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
        ImageRules.ValidateUser(userId);
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
        DateTimeOffset createdAt = ImageMetadataMapper.ToRecord(info, metadata)?.CreatedAt ?? now;
        ImageRecord record = ImageRules.Complete(attributes, info.Uuid, path, info.Size, info.Hash, ImageStatus.Active, createdAt, now);
        ObjectInfo final = await _store.UpdateMetadataAsync(
            userId,
            path,
            ImageConstants.MetadataDomain,
            ImageMetadataMapper.ToMetadata(record),
            replace: true,
            cancellationToken).ConfigureAwait(false);
        return record with { Id = final.Uuid, Size = final.Size, Checksum = final.Hash.ToString() };
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> GetAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (_, ImageRecord record) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        return record;
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> UpdateAsync(string userId, Guid imageId, ImageUpdate update, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(update);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRecord updated = ImageRules.ApplyUpdate(current, update, _settings, _time.GetUtcNow());
        return await SaveAsync(userId, info.Path, updated, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(string userId, Guid imageId, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord record) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.EnsureReadable(record, offset, length);

        // The version the record was read from, so the bytes are the ones its checksum describes; the block store
        // checks each block against its hash as it is read.
        return await _store.OpenReadAsync(userId, info.Path, info.Serial, offset, length, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<ImageRecord> DeleteAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRecord deleted = ImageRules.MarkDeleted(current, _time.GetUtcNow());
        return ReferenceEquals(deleted, current)
            ? current
            : await SaveAsync(userId, info.Path, deleted, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask UnregisterAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        (ObjectInfo info, ImageRecord current) = await LoadAsync(userId, imageId, cancellationToken).ConfigureAwait(false);
        ImageRules.EnsureNotProtected(current, "unregistered");
        await _store.UpdateMetadataAsync(
            userId,
            info.Path,
            ImageConstants.MetadataDomain,
            new Dictionary<string, string>(StringComparer.Ordinal),
            replace: true,
            cancellationToken).ConfigureAwait(false);
    }

    private static ObjectWriteOptions WithImage(ImageRecord record) => new()
    {
        MetadataDomain = ImageConstants.MetadataDomain,
        Metadata = ImageMetadataMapper.ToMetadata(record),
        ReplaceMetadata = true,
    };

    private async ValueTask<(ObjectInfo Info, ImageRecord Record)> LoadAsync(string userId, Guid imageId, CancellationToken cancellationToken)
    {
        ObjectInfo info;
        try
        {
            info = await _store.GetInfoByUuidAsync(userId, imageId, null, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectNotFoundException)
        {
            throw new ImageNotFoundException(imageId);
        }

        IReadOnlyDictionary<string, string> metadata = await _store.GetMetadataAsync(userId, info.Path, ImageConstants.MetadataDomain, info.Serial, cancellationToken).ConfigureAwait(false);
        ImageRecord record = ImageMetadataMapper.ToRecord(info, metadata) ?? throw new ImageNotFoundException(imageId);
        return (info, record);
    }

    private async ValueTask<ImageRecord> SaveAsync(string userId, ObjectPath path, ImageRecord record, CancellationToken cancellationToken)
    {
        ObjectInfo saved = await _store.UpdateMetadataAsync(
            userId,
            path,
            ImageConstants.MetadataDomain,
            ImageMetadataMapper.ToMetadata(record),
            replace: true,
            cancellationToken).ConfigureAwait(false);
        return record with { Size = saved.Size, Checksum = saved.Hash.ToString() };
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
            await _store.DeleteAsync(userId, path, CancellationToken.None).ConfigureAwait(false);
        }
        catch (PlanktonException)
        {
            // Best effort: the original failure is what the caller needs to see. An image left "saving" here is
            // never active and can be deleted by its owner.
        }
    }
}
