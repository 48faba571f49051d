using Plankton.Core.Hashing;
using Plankton.Core.Objects;

namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>The object calls: data, versions, metadata, copies and moves, public URLs.</summary>
public sealed partial class AuditingObjectStore
{
    /// <inheritdoc/>
    public ValueTask<ObjectWriteResult> WriteAsync(
        string userId, ObjectPath path, Stream data, ObjectWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.WriteAsync(userId, path, data, options, cancellationToken), Rebuild.WriteResult, r => r.Info.Size);

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> WriteHashmapAsync(
        string userId, ObjectPath path, long size, IReadOnlyList<BlockHash> blocks, ObjectWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.WriteHashmapAsync(userId, path, size, blocks, options, cancellationToken), Rebuild.Info, r => r.Size);

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadAsync(
        string userId, ObjectPath path, long? version = null, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        string target = Describe(path);
        return AuditAsync(userId, target, () => _inner.OpenReadAsync(userId, path, version, offset, length, cancellationToken), s => new AuditedReadStream(s, this, userId, target));
    }

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> GetInfoAsync(string userId, ObjectPath path, long? version = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.GetInfoAsync(userId, path, version, cancellationToken), Rebuild.Info);

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> GetInfoByUuidAsync(string userId, Guid uuid, long? version = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, uuid.ToString(), () => _inner.GetInfoByUuidAsync(userId, uuid, version, cancellationToken), Rebuild.Info);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<ObjectVersionInfo>> ListVersionsAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.ListVersionsAsync(userId, path, cancellationToken), Rebuild.Versions);

    /// <inheritdoc/>
    public ValueTask<long> DeleteAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(path), () => _inner.DeleteAsync(userId, path, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<int> PurgeAsync(string userId, ObjectPath path, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(path), () => _inner.PurgeAsync(userId, path, until, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyDictionary<string, string>> GetMetadataAsync(
        string userId, ObjectPath path, string domain, long? version = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.GetMetadataAsync(userId, path, domain, version, cancellationToken), Rebuild.Metadata);

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> UpdateMetadataAsync(
        string userId, ObjectPath path, string domain, IReadOnlyDictionary<string, string> metadata, bool replace = false, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.UpdateMetadataAsync(userId, path, domain, metadata, replace, cancellationToken), Rebuild.Info);

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> CopyAsync(
        string userId, ObjectPath source, ObjectPath destination, ObjectCopyOptions? options = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(source, destination), () => _inner.CopyAsync(userId, source, destination, options, cancellationToken), Rebuild.Info);

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> MoveAsync(string userId, ObjectPath source, ObjectPath destination, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(source, destination), () => _inner.MoveAsync(userId, source, destination, cancellationToken), Rebuild.Info);

    /// <inheritdoc/>
    public ValueTask<long> CopyTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter = '/', CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(source, destination), () => _inner.CopyTreeAsync(userId, source, destination, delimiter, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<long> MoveTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter = '/', CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(source, destination), () => _inner.MoveTreeAsync(userId, source, destination, delimiter, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<string?> SetPublicUrlAsync(string userId, ObjectPath path, bool enabled, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(path), () => _inner.SetPublicUrlAsync(userId, path, enabled, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<string?> GetPublicUrlAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(path), () => _inner.GetPublicUrlAsync(userId, path, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> GetInfoByPublicUrlAsync(string token, CancellationToken cancellationToken = default) =>
        AuditAsync(null, PublicUrlTarget, () => _inner.GetInfoByPublicUrlAsync(token, cancellationToken), Rebuild.Info);

    /// <inheritdoc/>
    public ValueTask<Stream> OpenReadByPublicUrlAsync(string token, long offset = 0, long? length = null, CancellationToken cancellationToken = default) =>
        AuditAsync(null, PublicUrlTarget, () => _inner.OpenReadByPublicUrlAsync(token, offset, length, cancellationToken), s => new AuditedReadStream(s, this, null, PublicUrlTarget));
}
