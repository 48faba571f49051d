using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Permissions, groups, and the access check every path operation runs.</summary>
public abstract partial class CatalogueObjectStore
{
    private static readonly HashSet<string> s_noGroups = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public ValueTask SetPermissionsAsync(string userId, ObjectPath path, ObjectPermissions permissions, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ArgumentNullException.ThrowIfNull(permissions);
        ObjectAccess.DemandOwner(userId, path.Account, path.ToString());
        return new ValueTask(RunAsync(path.ToString(), async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            LocateRow located = await LocateContainerAsync(connection, transaction, path, ct).ConfigureAwait(false);
            var target = new { located.ContainerId, Path = path.Name };
            await connection.ExecuteAsync(new CommandDefinition(Sql.DeletePermissions, target, transaction, cancellationToken: ct)).ConfigureAwait(false);
            var rows = permissions.Read.Select(m => new { target.ContainerId, target.Path, Access = (long)AccessKind.Read, Member = m })
                .Concat(permissions.Write.Select(m => new { target.ContainerId, target.Path, Access = (long)AccessKind.Write, Member = m }))
                .ToList();
            if (rows.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(Sql.InsertPermission, rows, transaction, cancellationToken: ct)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }, cancellationToken).AsTask());
    }

    /// <inheritdoc/>
    public async ValueTask<ObjectPermissionsInfo> GetPermissionsAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ObjectAccess.DemandOwner(userId, path.Account, path.ToString());
        List<PermissionRow> entries = await RunAsync(path.ToString(), async (connection, ct) =>
        {
            _ = await LocateContainerAsync(connection, null, path, ct).ConfigureAwait(false);
            return await QueryEffectivePermissionsAsync(connection, null, path, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (entries.Count == 0)
        {
            return new ObjectPermissionsInfo(null, ObjectPermissions.None);
        }

        string source = entries[0].Path;
        var permissions = new ObjectPermissions(
            entries.Where(static e => e.Access == (long)AccessKind.Read).Select(static e => e.Member),
            entries.Where(static e => e.Access == (long)AccessKind.Write).Select(static e => e.Member));
        return new ObjectPermissionsInfo(new ObjectPath(path.Account, path.Container, source), permissions)
        {
            IsInherited = !string.Equals(source, path.Name, StringComparison.Ordinal),
        };
    }

    /// <inheritdoc/>
    public ValueTask SetGroupAsync(string userId, string account, string group, IReadOnlyCollection<string> members, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateGroup(group);
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException($"Group '{group}' would have no member; delete it with DeleteGroupAsync instead.", nameof(members));
        }

        foreach (string member in members)
        {
            ObjectNames.ValidateUser(member);
        }

        int distinct = members.Distinct(StringComparer.Ordinal).Count();
        if (distinct > ObjectStoreConstants.MaxGroupMembers)
        {
            throw new ArgumentException(
                $"Group '{group}' would have {distinct} members; a group has at most {ObjectStoreConstants.MaxGroupMembers}.", nameof(members));
        }

        ObjectAccess.DemandOwner(userId, account, account);
        return new ValueTask(RunAsync(account, async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            long accountId = await RequireAccountIdAsync(connection, transaction, account, ct).ConfigureAwait(false);
            long others = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.CountOtherGroups, new { AccountId = accountId, Group = group }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            if (others >= ObjectStoreConstants.MaxGroupsPerAccount)
            {
                throw new ObjectConflictException(account, $"the account already has {others} other groups; an account has at most {ObjectStoreConstants.MaxGroupsPerAccount}", null);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                Sql.DeleteGroup, new { AccountId = accountId, Group = group }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            var rows = members.Distinct(StringComparer.Ordinal).Select(m => new { AccountId = accountId, Group = group, Member = m }).ToList();
            await connection.ExecuteAsync(new CommandDefinition(Sql.InsertGroupMember, rows, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }, cancellationToken).AsTask());
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetGroupsAsync(string userId, string account, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectAccess.DemandOwner(userId, account, account);
        IEnumerable<GroupMemberRow> rows = await RunAsync(account, async (connection, ct) =>
        {
            long accountId = await RequireAccountIdAsync(connection, null, account, ct).ConfigureAwait(false);
            return await connection.QueryAsync<GroupMemberRow>(new CommandDefinition(
                Sql.SelectGroups, new { AccountId = accountId }, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(static r => r.Name, StringComparer.Ordinal)
            .ToDictionary(static g => g.Key, static g => (IReadOnlyList<string>)[.. g.Select(static r => r.Member)], StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteGroupAsync(string userId, string account, string group, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateGroup(group);
        ObjectAccess.DemandOwner(userId, account, account);
        return RunAsync(account, async (connection, ct) =>
        {
            long accountId = await RequireAccountIdAsync(connection, null, account, ct).ConfigureAwait(false);
            int removed = await connection.ExecuteAsync(new CommandDefinition(
                Sql.DeleteGroup, new { AccountId = accountId, Group = group }, cancellationToken: ct)).ConfigureAwait(false);
            return removed > 0;
        }, cancellationToken);
    }

    /// <summary>
    /// Throws <see cref="NotAllowedException"/> unless the user may access the path (see <see cref="ObjectAccess"/>), or
    /// reads a path that has a public URL. The owner needs no query; anyone else costs one (two when an entry in force
    /// names a group, one more for a read the entries refuse, to look for a public URL). A missing
    /// account or container refuses a non-owner the same way, so existence is not revealed.
    /// </summary>
    private static async Task DemandAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string userId,
        ObjectPath path,
        AccessKind access,
        CancellationToken cancellationToken)
    {
        if (ObjectAccess.IsOwner(userId, path.Account))
        {
            return;
        }

        List<PermissionRow> entries = await QueryEffectivePermissionsAsync(connection, transaction, path, cancellationToken).ConfigureAwait(false);
        IReadOnlySet<string> groups = entries.Any(static e => e.Member.Contains(':', StringComparison.Ordinal))
            ? await QueryUserGroupsAsync(connection, transaction, userId, cancellationToken).ConfigureAwait(false)
            : s_noGroups;
        IEnumerable<(AccessKind, string)> inForce = entries.Select(static e => ((AccessKind)e.Access, e.Member));
        if (access == AccessKind.Read && !ObjectAccess.Allows(userId, inForce, groups, access)
            && await HasPublicUrlAsync(connection, transaction, path, cancellationToken).ConfigureAwait(false))
        {
            return; // a public URL lets anyone read the path (spec §9.6), whatever the entries say
        }

        ObjectAccess.Demand(userId, path.ToString(), inForce, groups, access);
    }

    private static async Task<List<PermissionRow>> QueryEffectivePermissionsAsync(
        DbConnection connection,
        DbTransaction? transaction,
        ObjectPath path,
        CancellationToken cancellationToken)
    {
        int slash = path.Name.IndexOf('/', StringComparison.Ordinal);
        IEnumerable<PermissionRow> rows = await connection.QueryAsync<PermissionRow>(new CommandDefinition(
            Sql.SelectEffectivePermissions,
            new { path.Account, path.Container, path.Name, FirstSegment = slash < 0 ? path.Name : path.Name[..slash] },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.AsList();
    }

    private static async Task<IReadOnlySet<string>> QueryUserGroupsAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string userId,
        CancellationToken cancellationToken)
    {
        IEnumerable<string> groups = await connection.QueryAsync<string>(new CommandDefinition(
            Sql.SelectUserGroups, new { User = userId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return groups.ToHashSet(StringComparer.Ordinal);
    }

    private static async Task<long> RequireAccountIdAsync(DbConnection connection, DbTransaction? transaction, string account, CancellationToken cancellationToken)
    {
        long? accountId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            Sql.SelectAccountId, new { Account = account }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return accountId ?? throw new ObjectNotFoundException(ObjectNotFoundKind.Account, account);
    }
}
