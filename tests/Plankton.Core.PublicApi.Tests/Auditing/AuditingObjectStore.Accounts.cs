using Plankton.Core.Objects;

namespace Plankton.Core.PublicApi.Tests.Auditing;

/// <summary>The account and container calls: creation, deletion, quotas, usage, permissions, groups and listings.</summary>
public sealed partial class AuditingObjectStore
{
    /// <inheritdoc/>
    public ValueTask<bool> EnsureAccountAsync(string userId, string account, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(account), () => _inner.EnsureAccountAsync(userId, account, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<VersioningPolicy> EnsureContainerAsync(
        string userId, string account, string container, VersioningPolicy policy = VersioningPolicy.Auto, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(account, container), () => _inner.EnsureContainerAsync(userId, account, container, policy, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<bool> DeleteContainerAsync(string userId, string account, string container, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(account, container), () => _inner.DeleteContainerAsync(userId, account, container, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAccountAsync(string userId, string account, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(account), () => _inner.DeleteAccountAsync(userId, account, cancellationToken));

    /// <inheritdoc/>
    public ValueTask SetContainerVersioningAsync(
        string userId, string account, string container, VersioningPolicy policy, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account, container), () => _inner.SetContainerVersioningAsync(userId, account, container, policy, cancellationToken));

    /// <inheritdoc/>
    public ValueTask SetAccountQuotaAsync(string userId, string account, long? quota, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account), () => _inner.SetAccountQuotaAsync(userId, account, quota, cancellationToken));

    /// <inheritdoc/>
    public ValueTask SetContainerQuotaAsync(string userId, string account, string container, long? quota, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account, container), () => _inner.SetContainerQuotaAsync(userId, account, container, quota, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<StorageUsage> GetUsageAsync(string userId, string account, string? container = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account, container), () => _inner.GetUsageAsync(userId, account, container, cancellationToken), Rebuild.Usage);

    /// <inheritdoc/>
    public ValueTask SetPermissionsAsync(string userId, ObjectPath path, ObjectPermissions permissions, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.SetPermissionsAsync(userId, path, permissions, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<ObjectPermissionsInfo> GetPermissionsAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(path), () => _inner.GetPermissionsAsync(userId, path, cancellationToken), Rebuild.PermissionsInfo);

    /// <inheritdoc/>
    public ValueTask SetGroupAsync(string userId, string account, string group, IReadOnlyCollection<string> members, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account), () => _inner.SetGroupAsync(userId, account, group, members, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGroupsAsync(string userId, string account, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account), () => _inner.GetGroupsAsync(userId, account, cancellationToken), Rebuild.Groups);

    /// <inheritdoc/>
    public ValueTask<bool> DeleteGroupAsync(string userId, string account, string group, CancellationToken cancellationToken = default) =>
        AuditValueAsync(userId, Describe(account), () => _inner.DeleteGroupAsync(userId, account, group, cancellationToken));

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListAccountsAsync(string userId, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, "(accounts)", () => _inner.ListAccountsAsync(userId, cancellationToken), Rebuild.Names);

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> ListContainersAsync(string userId, string account, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account), () => _inner.ListContainersAsync(userId, account, cancellationToken), Rebuild.Names);

    /// <inheritdoc/>
    public ValueTask<ObjectListPage> ListObjectsAsync(
        string userId, string account, string container, ListObjectsOptions? options = null, CancellationToken cancellationToken = default) =>
        AuditAsync(userId, Describe(account, container), () => _inner.ListObjectsAsync(userId, account, container, options, cancellationToken), Rebuild.Page);
}
