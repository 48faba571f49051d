using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Copy and move (catalogue only: no block is read or written), and quotas.</summary>
public abstract partial class CatalogueObjectStore
{
    /// <inheritdoc/>
    public ValueTask<ObjectInfo> CopyAsync(
        string userId,
        ObjectPath source,
        ObjectPath destination,
        ObjectCopyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, source);
        ArgumentNullException.ThrowIfNull(destination);
        options ??= new ObjectCopyOptions();
        RefuseSamePath(source, destination);
        ValidateMetadataOption(options.MetadataDomain, options.Metadata);
        return RunAsync(destination.ToString(), (connection, ct) =>
            TransferAsync(connection, userId, source, destination, options, move: false, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> MoveAsync(string userId, ObjectPath source, ObjectPath destination, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, source);
        ArgumentNullException.ThrowIfNull(destination);
        RefuseSamePath(source, destination);
        return RunAsync(destination.ToString(), (connection, ct) =>
            TransferAsync(connection, userId, source, destination, new ObjectCopyOptions(), move: true, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask SetAccountQuotaAsync(string userId, string account, long? quota, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ValidateQuota(quota);
        ObjectAccess.DemandOwner(userId, account, account);
        return new ValueTask(RunAsync(account, async (connection, ct) =>
        {
            int updated = await connection.ExecuteAsync(new CommandDefinition(
                Sql.SetAccountQuota, new { Account = account, Quota = quota }, cancellationToken: ct)).ConfigureAwait(false);
            return updated > 0 ? true : throw new ObjectNotFoundException(ObjectNotFoundKind.Account, account);
        }, cancellationToken).AsTask());
    }

    /// <inheritdoc/>
    public ValueTask SetContainerQuotaAsync(string userId, string account, string container, long? quota, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateContainer(container);
        ValidateQuota(quota);
        string path = $"{account}/{container}";
        ObjectAccess.DemandOwner(userId, account, path);
        return new ValueTask(RunAsync(path, async (connection, ct) =>
        {
            int updated = await connection.ExecuteAsync(new CommandDefinition(
                Sql.SetContainerQuota, new { Account = account, Container = container, Quota = quota }, cancellationToken: ct)).ConfigureAwait(false);
            return updated > 0 ? true : throw new ObjectNotFoundException(ObjectNotFoundKind.Container, path);
        }, cancellationToken).AsTask());
    }

    /// <summary>
    /// One transaction: a new live version at the destination sharing the source version's hashmap and carrying its
    /// attributes (all domains), with the metadata of <paramref name="options"/> applied; a copy gets a new uuid, a
    /// move keeps the source's and leaves a deletion marker at the source. Quotas are checked at the destination.
    /// </summary>
    private async Task<ObjectInfo> TransferAsync(
        DbConnection connection,
        string userId,
        ObjectPath source,
        ObjectPath destination,
        ObjectCopyOptions options,
        bool move,
        CancellationToken cancellationToken)
    {
        using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await DemandAsync(connection, transaction, userId, source, move ? AccessKind.Write : AccessKind.Read, cancellationToken).ConfigureAwait(false);
        await DemandAsync(connection, transaction, userId, destination, AccessKind.Write, cancellationToken).ConfigureAwait(false);
        VersionRow from = await ResolveAsync(connection, transaction, source, options.Version, withHashmap: false, cancellationToken).ConfigureAwait(false);
        LocateRow target = await LocateContainerAsync(connection, transaction, destination, cancellationToken).ConfigureAwait(false);
        long objectId = target.ObjectId ?? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            Sql.InsertObject, new { target.ContainerId, destination.Name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        long now = _time.GetUtcNow().UtcTicks;
        long serial = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            Sql.CopyVersionTo,
            new { ObjectId = objectId, Uuid = move ? from.Uuid.ToString("D") : Guid.NewGuid().ToString("D"), Mtime = now, User = userId, from.Serial },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.CopyAttributes, new { NewSerial = serial, OldSerial = from.Serial }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await ApplyMetadataAsync(connection, transaction, serial, options.MetadataDomain, options.Metadata, options.ReplaceMetadata, cancellationToken).ConfigureAwait(false);
        long delta = await FinishVersionAsync(connection, transaction, target, objectId, target.LatestSerial, serial, from.Size, cancellationToken).ConfigureAwait(false);

        if (move)
        {
            LocateRow origin = await LocateObjectAsync(connection, transaction, source, mustBeLive: true, cancellationToken).ConfigureAwait(false);
            long marker = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.InsertVersion,
                new
                {
                    origin.ObjectId,
                    Uuid = origin.LatestUuid,
                    Cluster = Sql.ClusterDeleted,
                    Size = 0L,
                    ContentType = string.Empty,
                    Hash = s_emptyHash,
                    _blocks.BlockSize,
                    Hashmap = Array.Empty<byte>(),
                    Mtime = now,
                    User = userId,
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            _ = await FinishVersionAsync(connection, transaction, origin, origin.ObjectId!.Value, origin.LatestSerial, marker, addedSize: 0, cancellationToken).ConfigureAwait(false);
            await ClearPathGrantsAsync(connection, transaction, origin.ContainerId!.Value, source.Name, cancellationToken).ConfigureAwait(false);
        }

        // The destination's growth is what a quota refuses (usage read back includes the source's changes).
        if (delta > 0)
        {
            await CheckQuotaAsync(connection, transaction, target.ContainerId!.Value, cancellationToken).ConfigureAwait(false);
        }

        VersionRow row = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition(
            Sql.VersionBySerial, new { Serial = serial }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return ToInfo(row);
    }

    private static void RefuseSamePath(ObjectPath source, ObjectPath destination)
    {
        if (source.Equals(destination))
        {
            throw new ArgumentException($"The source and the destination are the same path, '{source}'.", nameof(destination));
        }
    }

    private static void ValidateQuota(long? quota)
    {
        if (quota < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(quota), quota, "A quota must not be negative.");
        }
    }
}
