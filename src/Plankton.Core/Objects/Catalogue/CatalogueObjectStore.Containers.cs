using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>The account and container lifecycle: deletion of empty ones, versioning policy changes, usage read-back (spec §9.4, §9.12).</summary>
public abstract partial class CatalogueObjectStore
{
    /// <inheritdoc/>
    public ValueTask<bool> DeleteContainerAsync(string userId, string account, string container, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateContainer(container);
        string path = $"{account}/{container}";
        ObjectAccess.DemandOwner(userId, account, path);
        return RunAsync(path, async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            LocateRow? located = await LocateAsync(connection, transaction, account, container, string.Empty, ct).ConfigureAwait(false);
            if (located?.ContainerId is not long containerId)
            {
                return false;
            }

            var parameters = new { ContainerId = containerId };
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(Sql.ContainerHasObjects, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false) is not null)
            {
                throw new ObjectConflictException(path, "the container is not empty (delete its objects and purge their history first)", null);
            }

            await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteListingCounts, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteContainer, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAccountAsync(string userId, string account, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectAccess.DemandOwner(userId, account, account);
        return RunAsync(account, async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            LocateRow? located = await LocateAsync(connection, transaction, account, string.Empty, string.Empty, ct).ConfigureAwait(false);
            if (located is null)
            {
                return false;
            }

            var parameters = new { located.AccountId };
            if (await connection.ExecuteScalarAsync<long?>(new CommandDefinition(Sql.AccountHasContainers, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false) is not null)
            {
                throw new ObjectConflictException(account, "the account is not empty (delete its containers first)", null);
            }

            await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteAccount, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask SetContainerVersioningAsync(
        string userId,
        string account,
        string container,
        VersioningPolicy policy,
        CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateContainer(container);
        ValidatePolicy(policy);
        string path = $"{account}/{container}";
        ObjectAccess.DemandOwner(userId, account, path);
        return new ValueTask(RunAsync(path, async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            LocateRow located = await LocateContainerAsync(connection, transaction, new ObjectPath(account, container, "-"), ct).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.SetContainerVersioning, new { located.ContainerId, Versioning = (long)policy }, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return true;
        }, cancellationToken).AsTask());
    }

    /// <inheritdoc/>
    public ValueTask<StorageUsage> GetUsageAsync(string userId, string account, string? container = null, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        if (container is not null)
        {
            ObjectNames.ValidateContainer(container);
        }

        string path = container is null ? account : $"{account}/{container}";
        ObjectAccess.DemandOwner(userId, account, path);
        return RunAsync(path, async (connection, ct) =>
        {
            var parameters = new { Account = account, Container = container };
            UsageRow? row = await connection.QuerySingleOrDefaultAsync<UsageRow>(new CommandDefinition(
                container is null ? Sql.SelectAccountUsage : Sql.SelectContainerUsage, parameters, cancellationToken: ct)).ConfigureAwait(false);
            return row is null
                ? throw new ObjectNotFoundException(container is null ? ObjectNotFoundKind.Account : ObjectNotFoundKind.Container, path)
                : new StorageUsage(row.Bytes, row.Quota);
        }, cancellationToken);
    }

    private static void ValidatePolicy(VersioningPolicy policy)
    {
        if (!Enum.IsDefined(policy))
        {
            throw new ArgumentOutOfRangeException(nameof(policy), policy, "The versioning policy must be Auto or None.");
        }
    }

    /// <summary>An account's or container's usage counter and quota.</summary>
    private sealed class UsageRow
    {
        public long Bytes { get; set; }

        public long? Quota { get; set; }
    }
}
