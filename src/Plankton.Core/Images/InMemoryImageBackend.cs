using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>
/// An <see cref="IImageBackend"/> that keeps objects and images in memory: the first-class test double, with the
/// same rules, results and errors as <see cref="PithosImageBackend"/>.
/// </summary>
/// <remarks>
/// <para>Thread-safe: one lock guards the catalogue, and every operation (update and delete included) is atomic.
/// Uploads are read outside the lock.</para>
/// <para>It holds its own objects, addressed like object-store objects: <see cref="WriteObject"/> plays the part of
/// a user uploading a file that is later registered, and <see cref="TryReadObject"/> shows that unregistering keeps
/// the data. Checksums are Pithos top hashes at the backend's block size.</para>
/// </remarks>
public sealed partial class InMemoryImageBackend : IImageBackend
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ObjectPath, StoredObject> _objects = [];
    private readonly Dictionary<Guid, ObjectPath> _paths = [];
    private readonly HashSet<BlockHash> _blocks = [];
    private readonly ImageSettings _settings;
    private readonly TimeProvider _time;
    private readonly int _blockSize;

    /// <summary>Initializes a new, empty instance of the <see cref="InMemoryImageBackend"/> class.</summary>
    /// <param name="options">The settings (validated and copied); <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock for image timestamps; <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    /// <param name="blockSize">The block size checksums are computed with: a power of two from 4 KiB to 64 MiB.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="blockSize"/> is not valid.</exception>
    /// <exception cref="StoreConfigurationException">A setting in <paramref name="options"/> is not valid.</exception>
    public InMemoryImageBackend(PlanktonImageOptions? options = null, TimeProvider? timeProvider = null, int blockSize = HashingConstants.DefaultBlockSize)
    {
        HashingConstants.ValidateBlockSize(blockSize);
        _settings = ImageSettings.From(options);
        _time = timeProvider ?? TimeProvider.System;
        _blockSize = blockSize;
    }

    /// <summary>
    /// Stores (or replaces) an object's data, as its owner would through an object store: an existing object keeps
    /// its uuid, and an image on it keeps its attributes with the new size and checksum.
    /// </summary>
    /// <param name="path">The object path.</param>
    /// <param name="data">The data; copied.</param>
    /// <returns>The object's uuid (the id it has once registered as an image).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public Guid WriteObject(ObjectPath path, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = data.ToArray();
        BlockHash hash = ComputeChecksum(bytes);
        StoreBlocks(bytes);
        lock (_lock)
        {
            if (_objects.TryGetValue(path, out StoredObject? existing))
            {
                ImageRecord? image = existing.Image is null ? null : existing.Image with { Size = bytes.Length, Checksum = hash.ToString() };
                Commit(path, existing with { Data = bytes, Hash = hash, Image = image });
                return existing.Uuid;
            }

            var uuid = Guid.NewGuid();
            Commit(path, new StoredObject(uuid, bytes, hash, null));
            return uuid;
        }
    }

    /// <summary>Gets an object's data, whether or not it is an image.</summary>
    /// <param name="path">The object path.</param>
    /// <param name="data">The data (not to be changed), or empty when there is no object.</param>
    /// <returns><see langword="true"/> when an object is at <paramref name="path"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    public bool TryReadObject(ObjectPath path, out ReadOnlyMemory<byte> data)
    {
        ArgumentNullException.ThrowIfNull(path);
        lock (_lock)
        {
            if (_objects.TryGetValue(path, out StoredObject? stored))
            {
                data = stored.Data;
                return true;
            }
        }

        data = ReadOnlyMemory<byte>.Empty;
        return false;
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
        cancellationToken.ThrowIfCancellationRequested();

        DateTimeOffset createdAt = _time.GetUtcNow();
        var uuid = Guid.NewGuid();
        lock (_lock)
        {
            if (_objects.ContainsKey(path))
            {
                throw new ImageConflictException(ImageRules.FormatLocation(path), "an object already exists there", null);
            }

            ImageRecord saving = ImageRules.Complete(attributes, uuid, path, 0, BlockHash.Empty, ImageStatus.Saving, createdAt, createdAt);
            Commit(path, new StoredObject(uuid, [], BlockHash.Empty, saving));
        }

        try
        {
            using var buffer = new MemoryStream();
            await data.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            byte[] bytes = buffer.ToArray();
            BlockHash hash = ComputeChecksum(bytes);
            (int newBlocks, long newBytes, int dedupBlocks, long dedupBytes) = StoreBlocks(bytes);
            ImageRules.VerifyData(expected, bytes.Length, hash);
            ImageRecord active = ImageRules.Complete(attributes, uuid, path, bytes.Length, hash, ImageStatus.Active, createdAt, _time.GetUtcNow());
            lock (_lock)
            {
                Commit(path, new StoredObject(uuid, bytes, hash, active));
            }

            return new ImageUploadResult(active, newBlocks, newBytes, dedupBlocks, dedupBytes);
        }
        catch
        {
            lock (_lock)
            {
                if (_objects.TryGetValue(path, out StoredObject? stored) && stored.Uuid == uuid)
                {
                    _objects.Remove(path);
                    _paths.Remove(uuid);
                    _versions.Remove(uuid);
                }
            }

            throw;
        }
    }

    /// <inheritdoc/>
    public ValueTask<ImageRecord> RegisterAsync(string userId, string location, ImageCreateRequest request, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateActingUser(userId, "registering");
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(request);
        ObjectPath path = ImageRules.ParseLocation(location);
        ImageRecord attributes = ImageRules.ValidateCreate(request, _settings);
        var expected = ImageRules.ParseExpected(request);
        ImageRules.DemandOwner(userId, path);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_objects.TryGetValue(path, out StoredObject? stored))
            {
                throw new ObjectNotFoundException(ObjectNotFoundKind.Item, path.ToString());
            }

            ImageRules.VerifyData(expected, stored.Data.Length, stored.Hash);
            DateTimeOffset now = _time.GetUtcNow();
            ImageRecord record = ImageRules.Complete(attributes, stored.Uuid, path, stored.Data.Length, stored.Hash, ImageStatus.Active, stored.Image?.CreatedAt ?? now, now)
                with { Members = stored.Image?.Members ?? new Dictionary<string, ImageMemberStatus>(StringComparer.Ordinal) };
            Commit(path, stored with { Image = record });
            return ValueTask.FromResult(record);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ImageRecord> GetAsync(string userId, Guid imageId, long? version = null, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ImageRecord current = Find(userId, imageId).Image!;
            return ValueTask.FromResult(version is long serial ? FindVersion(imageId, serial) : current);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ImageRecord> UpdateAsync(string userId, Guid imageId, ImageUpdate update, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(update);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            StoredObject stored = Find(userId, imageId);
            ImageRules.DemandOwner(userId, stored.Image!);
            ImageRecord updated = ImageRules.ApplyUpdate(stored.Image!, update, _settings, _time.GetUtcNow());
            Commit(_paths[imageId], stored with { Image = updated });
            return ValueTask.FromResult(updated);
        }
    }

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(string userId, Guid imageId, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        StoredObject stored;
        lock (_lock)
        {
            stored = Find(userId, imageId);
        }

        ImageRules.EnsureReadable(stored.Image!, userId, offset, length);
        if (stored.Data.Length != stored.Image!.Size)
        {
            throw new ImageConflictException(imageId.ToString(), "the backend holds no data for this image (a sample catalogue image)", null);
        }

        int start = checked((int)offset);
        int count = (int)Math.Min(length ?? long.MaxValue, stored.Data.Length - start);
        return ValueTask.FromResult<Stream>(new MemoryStream(stored.Data, start, count, writable: false));
    }

    /// <inheritdoc/>
    public ValueTask<ImageRecord> DeleteAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            StoredObject stored = Find(userId, imageId);
            ImageRules.DemandOwner(userId, stored.Image!);
            ImageRecord deleted = ImageRules.MarkDeleted(stored.Image!, _time.GetUtcNow());
            if (!ReferenceEquals(deleted, stored.Image))
            {
                Commit(_paths[imageId], stored with { Image = deleted });
            }

            return ValueTask.FromResult(deleted);
        }
    }

    /// <inheritdoc/>
    public ValueTask UnregisterAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            StoredObject stored = Find(userId, imageId);
            ImageRules.DemandOwner(userId, stored.Image!);
            ImageRules.EnsureNotProtected(stored.Image!, "unregistered");
            Commit(_paths[imageId], stored with { Image = null });
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ImageMember>> ListMembersAsync(string userId, Guid imageId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return ValueTask.FromResult(ImageRules.ListMembers(userId, Find(userId, imageId).Image!));
        }
    }

    /// <inheritdoc/>
    public ValueTask<ImageMember> AddMemberAsync(string userId, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        ImageRecord updated = ChangeAsOwner(userId, imageId, current => ImageRules.AddMember(current, memberId, _settings))!;
        return ValueTask.FromResult(new ImageMember(imageId, memberId, updated.Members[memberId]));
    }

    /// <inheritdoc/>
    public ValueTask<bool> RemoveMemberAsync(string userId, Guid imageId, string memberId, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ChangeAsOwner(userId, imageId, current => ImageRules.RemoveMember(current, memberId)) is not null);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ImageMember>> ReplaceMembersAsync(string userId, Guid imageId, IReadOnlyCollection<string> memberIds, CancellationToken cancellationToken = default)
    {
        ImageRules.ValidateUser(userId);
        ArgumentNullException.ThrowIfNull(memberIds);
        cancellationToken.ThrowIfCancellationRequested();
        ImageRecord updated = ChangeAsOwner(userId, imageId, current => ImageRules.ReplaceMembers(current, memberIds, _settings))!;
        return ValueTask.FromResult(ImageRules.ListMembers(userId, updated));
    }

    /// <inheritdoc/>
    public ValueTask<ImageMember> AcceptMemberAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        SetMemberStatus(userId, imageId, ImageMemberStatus.Accepted, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageMember> RejectMemberAsync(string userId, Guid imageId, CancellationToken cancellationToken = default) =>
        SetMemberStatus(userId, imageId, ImageMemberStatus.Rejected, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageListPage> ListAsync(string userId, ImageListQuery? query = null, CancellationToken cancellationToken = default) =>
        List(userId, query, ImageListScope.All, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageListPage> ListPublicAsync(string userId, ImageListQuery? query = null, CancellationToken cancellationToken = default) =>
        List(userId, query, ImageListScope.Public, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<ImageListPage> ListSharedAsync(string userId, ImageShareDirection direction, ImageListQuery? query = null, CancellationToken cancellationToken = default) =>
        List(userId, query, ImageRules.ScopeOf(direction), cancellationToken);

    private ValueTask<ImageListPage> List(string userId, ImageListQuery? query, ImageListScope scope, CancellationToken cancellationToken)
    {
        ImageRules.ValidateUser(userId);
        ImageQueryPlan plan = ImageRules.ParseQuery(query, scope);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            ImageRecord? marker = null;
            if (plan.Marker is Guid markerId)
            {
                try
                {
                    marker = Find(userId, markerId).Image;
                }
                catch (ImageNotFoundException)
                {
                    throw ImageRules.UnknownMarker(markerId);
                }
            }

            return ValueTask.FromResult(ImageRules.Page(plan, userId, _objects.Values.Select(o => o.Image).OfType<ImageRecord>(), marker));
        }
    }

    private ValueTask<ImageMember> SetMemberStatus(string userId, Guid imageId, ImageMemberStatus status, CancellationToken cancellationToken)
    {
        ImageRules.ValidateUser(userId);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            StoredObject stored = Find(userId, imageId);
            ImageRecord updated = ImageRules.SetMemberStatus(userId, stored.Image!, status);
            Commit(_paths[imageId], stored with { Image = updated });
            return ValueTask.FromResult(new ImageMember(imageId, userId, status));
        }
    }

    /// <summary>Applies an owner-only change under the lock; a <see langword="null"/> result changes nothing and is returned.</summary>
    private ImageRecord? ChangeAsOwner(string userId, Guid imageId, Func<ImageRecord, ImageRecord?> change)
    {
        lock (_lock)
        {
            StoredObject stored = Find(userId, imageId);
            ImageRules.DemandOwner(userId, stored.Image!);
            ImageRecord? updated = change(stored.Image!);
            if (updated is not null && !ReferenceEquals(updated, stored.Image))
            {
                Commit(_paths[imageId], stored with { Image = updated });
            }

            return updated;
        }
    }

    /// <summary>Finds an image the user may see, under the lock; anything else is "not found" (ids do not leak).</summary>
    private StoredObject Find(string userId, Guid imageId)
    {
        if (!_paths.TryGetValue(imageId, out ObjectPath? path) || _objects[path].Image is not ImageRecord image)
        {
            throw new ImageNotFoundException(imageId);
        }

        ImageRules.DemandVisible(userId, image);
        return _objects[path];
    }

    private BlockHash ComputeChecksum(byte[] data) => PithosHash.ComputeTopHash(HashBlocks(data));

    private BlockHash[] HashBlocks(byte[] data)
    {
        int count = (int)Hashmap.ExpectedBlockCount(data.Length, _blockSize);
        var hashes = new BlockHash[count];
        for (int i = 0; i < count; i++)
        {
            int start = i * _blockSize;
            hashes[i] = PithosHash.HashBlock(data.AsSpan(start, Math.Min(_blockSize, data.Length - start)));
        }

        return hashes;
    }

    /// <summary>
    /// Records the data's blocks as held, as a block store would, and counts them as an ingest does: new when not
    /// held before, deduplicated when held or all zero (never stored); empty data has no blocks.
    /// </summary>
    private (int NewBlocks, long NewBytes, int DeduplicatedBlocks, long DeduplicatedBytes) StoreBlocks(byte[] data)
    {
        BlockHash[] hashes = data.Length == 0 ? [] : HashBlocks(data);
        (int newBlocks, long newBytes, int dedupBlocks, long dedupBytes) = (0, 0L, 0, 0L);
        lock (_lock)
        {
            for (int i = 0; i < hashes.Length; i++)
            {
                long length = Math.Min(_blockSize, data.Length - ((long)i * _blockSize));
                if (hashes[i].IsEmpty || !_blocks.Add(hashes[i]))
                {
                    dedupBlocks++;
                    dedupBytes += length;
                }
                else
                {
                    newBlocks++;
                    newBytes += length;
                }
            }
        }

        return (newBlocks, newBytes, dedupBlocks, dedupBytes);
    }

    private sealed record StoredObject(Guid Uuid, byte[] Data, BlockHash Hash, ImageRecord? Image);
}
