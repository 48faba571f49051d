using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Writes: new versions from data or metadata, deletion markers, purges.</summary>
public abstract partial class CatalogueObjectStore
{
    private static readonly byte[] s_emptyHash = BlockHash.Empty.ToArray();

    /// <inheritdoc/>
    public async ValueTask<ObjectWriteResult> WriteAsync(
        string userId,
        ObjectPath path,
        Stream data,
        ObjectWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ArgumentNullException.ThrowIfNull(data);
        options ??= new ObjectWriteOptions();
        ValidateOptions(options);

        // Fail before any block is written when the container is missing.
        await RunAsync(path.ToString(), async (connection, ct) =>
            {
                await DemandAsync(connection, null, userId, path, AccessKind.Write, ct).ConfigureAwait(false);
                return await LocateContainerAsync(connection, null, path, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);

        // Blocks pinned, then durable, then the version: the ingest pins each block before putting it and returns
        // only once its batch is committed; the pins go when the lease ends, after the version holds references.
        BlockLease lease = await AcquireLeaseAsync(Sql.LeaseUpload, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            var pinning = new PinningBlockStore(_blocks, (hashes, ct) => PinAsync(lease, hashes, ct), lease.IsKnownStored);
            IngestResult ingested = await pinning.IngestAsync(data, options.Ingest, cancellationToken).ConfigureAwait(false);
            ObjectInfo info = await RunAsync(
                path.ToString(),
                (connection, ct) => CommitVersionAsync(connection, userId, path, ingested.Hashmap, options, lease.Id, ct),
                cancellationToken).ConfigureAwait(false);
            return new ObjectWriteResult(info, ingested);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ObjectInfo> WriteHashmapAsync(
        string userId,
        ObjectPath path,
        long size,
        IReadOnlyList<BlockHash> blocks,
        ObjectWriteOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        options ??= new ObjectWriteOptions();
        ValidateOptions(options);
        Hashmap hashmap = ToHashmap(size, blocks, _blocks.BlockSize);

        await RunAsync(path.ToString(), async (connection, ct) =>
            {
                await DemandAsync(connection, null, userId, path, AccessKind.Write, ct).ConfigureAwait(false);
                return await LocateContainerAsync(connection, null, path, ct).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        // Pin first, then look: a block present after its pin stays present until the version references it. Blocks
        // the catalogue knows to be stored (referenced by committed versions) are not asked of the block store.
        BlockHash[] hashes = hashmap.ToArray();
        BlockLease lease = await AcquireLeaseAsync(Sql.LeaseUpload, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            await PinAsync(lease, hashes, cancellationToken).ConfigureAwait(false);
            BlockHash[] unknown = [.. hashes.Where(h => !lease.IsKnownStored(h)).Distinct()];
            IReadOnlyList<BlockHash> missing = unknown.Length == 0
                ? []
                : await _blocks.GetMissingAsync(unknown, cancellationToken).ConfigureAwait(false);
            if (missing.Count > 0)
            {
                await lease.UnpinAbsentAsync(missing, cancellationToken).ConfigureAwait(false);
                throw new MissingBlocksException(path.ToString(), missing);
            }

            return await RunAsync(
                path.ToString(),
                (connection, ct) => CommitVersionAsync(connection, userId, path, hashmap, options, lease.Id, ct),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask<ObjectInfo> UpdateMetadataAsync(
        string userId,
        ObjectPath path,
        string domain,
        IReadOnlyDictionary<string, string> metadata,
        bool replace = false,
        CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ArgumentNullException.ThrowIfNull(metadata);
        ObjectNames.ValidateDomain(domain);
        ObjectNames.ValidateMetadata(metadata);
        var options = new ObjectWriteOptions { MetadataDomain = domain, Metadata = metadata, ReplaceMetadata = replace };
        return RunAsync(path.ToString(), (connection, ct) => CommitVersionAsync(connection, userId, path, hashmap: null, options, leaseId: null, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<long> DeleteAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        return RunAsync(path.ToString(), async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            await DemandAsync(connection, transaction, userId, path, AccessKind.Write, ct).ConfigureAwait(false);
            LocateRow located = await LocateObjectAsync(connection, transaction, path, mustBeLive: true, ct).ConfigureAwait(false);
            long objectId = located.ObjectId!.Value;
            long previous = located.LatestSerial!.Value;
            long marker = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.InsertVersion,
                new
                {
                    ObjectId = objectId,
                    Uuid = located.LatestUuid,
                    Cluster = Sql.ClusterDeleted,
                    Size = 0L,
                    ContentType = string.Empty,
                    Hash = s_emptyHash,
                    _blocks.BlockSize,
                    Hashmap = Array.Empty<byte>(),
                    Mtime = _time.GetUtcNow().UtcTicks,
                    User = userId,
                },
                transaction,
                cancellationToken: ct)).ConfigureAwait(false);
            await FinishVersionAsync(connection, transaction, located, objectId, previous, marker, addedSize: 0, ct).ConfigureAwait(false);
            await ClearPathGrantsAsync(connection, transaction, located.ContainerId!.Value, path.Name, ct).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return marker;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<int> PurgeAsync(string userId, ObjectPath path, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        return RunAsync(path.ToString(), async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            await DemandAsync(connection, transaction, userId, path, AccessKind.Write, ct).ConfigureAwait(false);
            LocateRow located = await LocateObjectAsync(connection, transaction, path, mustBeLive: false, ct).ConfigureAwait(false);
            var target = new { located.ObjectId, Serial = located.LatestSerial, Until = until.UtcTicks };
            long freed = await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(Sql.SumVersionsUntil, target, transaction, cancellationToken: ct)).ConfigureAwait(false);
            await AddUsageAsync(connection, transaction, located.ContainerId!.Value, -freed, ct).ConfigureAwait(false);
            int removed = await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteVersionsUntil, target, transaction, cancellationToken: ct)).ConfigureAwait(false);

            // A deletion marker goes last, and only with everything before it: the path is then free again.
            if (located.LatestCluster == Sql.ClusterDeleted && located.LatestMtime <= until.UtcTicks)
            {
                long remaining = await connection.ExecuteScalarAsync<long>(
                    new CommandDefinition(Sql.CountVersions, target, transaction, cancellationToken: ct)).ConfigureAwait(false);
                if (remaining == 1)
                {
                    await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteObject, target, transaction, cancellationToken: ct)).ConfigureAwait(false);
                    removed++;
                }
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return removed;
        }, cancellationToken);
    }

    /// <summary>
    /// Records a new live version in one transaction (the block reference counts follow by trigger): from <paramref name="hashmap"/> (a data write) or, when it is
    /// <see langword="null"/>, from the current version's data (a metadata change).
    /// </summary>
    private async Task<ObjectInfo> CommitVersionAsync(
        DbConnection connection,
        string userId,
        ObjectPath path,
        Hashmap? hashmap,
        ObjectWriteOptions options,
        long? leaseId,
        CancellationToken cancellationToken)
    {
        using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await DemandAsync(connection, transaction, userId, path, AccessKind.Write, cancellationToken).ConfigureAwait(false);
        byte[]? encoded = hashmap is null ? null : HashmapEncoding.Encode(hashmap.Blocks);
        if (encoded is not null)
        {
            // Every block must still be pinned by this upload: if its lease was lost, a collector may have taken them.
            long unpinned = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.CountUnpinned, new { Hashmap = encoded, Empty = s_emptyHash, LeaseId = leaseId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (unpinned > 0)
            {
                throw new ObjectConflictException(path.ToString(), "the upload's lease on its blocks was lost (the process stalled past the lease duration); retry the upload", null);
            }
        }

        LocateRow located = hashmap is null
            ? await LocateObjectAsync(connection, transaction, path, mustBeLive: true, cancellationToken).ConfigureAwait(false)
            : await LocateContainerAsync(connection, transaction, path, cancellationToken).ConfigureAwait(false);
        bool live = located.LatestCluster == Sql.ClusterNormal;
        long objectId = located.ObjectId ?? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            Sql.InsertObject,
            new { located.ContainerId, path.Name },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        DateTimeOffset now = _time.GetUtcNow();

        long serial;
        if (hashmap is not null)
        {
            serial = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.InsertVersion,
                new
                {
                    ObjectId = objectId,
                    Uuid = live ? located.LatestUuid : Guid.NewGuid().ToString("D"),
                    Cluster = Sql.ClusterNormal,
                    hashmap.Size,
                    options.ContentType,
                    Hash = hashmap.TopHash.ToArray(),
                    hashmap.BlockSize,
                    Hashmap = encoded,
                    Mtime = now.UtcTicks,
                    User = userId,
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            serial = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.CopyVersion,
                new { Serial = located.LatestSerial, Mtime = now.UtcTicks, User = userId },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        if (live)
        {
            // Metadata is carried forward from a live version only: a re-created object starts bare.
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.CopyAttributes,
                new { NewSerial = serial, OldSerial = located.LatestSerial },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await ApplyMetadataAsync(connection, transaction, serial, options.MetadataDomain, options.Metadata, options.ReplaceMetadata, cancellationToken).ConfigureAwait(false);

        VersionRow row = await connection.QuerySingleAsync<VersionRow>(new CommandDefinition(
            Sql.VersionBySerial,
            new { Serial = serial },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        long delta = await FinishVersionAsync(connection, transaction, located, objectId, located.LatestSerial, serial, row.Size, cancellationToken).ConfigureAwait(false);
        if (hashmap is not null && delta > 0)
        {
            // Data writes only (Pithos): a metadata change counts its version but is never refused.
            await CheckQuotaAsync(connection, transaction, located.ContainerId!.Value, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return ToInfo(row);
    }

    /// <summary>
    /// Moves the previous live version to history, points the object at the new one, applies the versioning policy,
    /// and adds the change in stored bytes to the container's and account's usage.
    /// </summary>
    /// <returns>The change in stored bytes: the new version's size less what the versioning policy removed.</returns>
    private static async Task<long> FinishVersionAsync(
        DbConnection connection,
        DbTransaction transaction,
        LocateRow located,
        long objectId,
        long? previous,
        long serial,
        long addedSize,
        CancellationToken cancellationToken)
    {
        if (previous is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.ArchiveVersion, new { Serial = previous }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var target = new { ObjectId = objectId, Serial = serial };
        await connection.ExecuteAsync(new CommandDefinition(Sql.SetLatest, target, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        long delta = addedSize;
        if (located.Versioning == (long)VersioningPolicy.None)
        {
            delta -= await connection.ExecuteScalarAsync<long>(
                new CommandDefinition(Sql.SumOtherVersions, target, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteOtherVersions, target, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await AddUsageAsync(connection, transaction, located.ContainerId!.Value, delta, cancellationToken).ConfigureAwait(false);
        return delta;
    }

    private static async Task AddUsageAsync(DbConnection connection, DbTransaction transaction, long containerId, long delta, CancellationToken cancellationToken)
    {
        if (delta == 0)
        {
            return;
        }

        var change = new { ContainerId = containerId, Delta = delta };
        await connection.ExecuteAsync(new CommandDefinition(Sql.AddContainerUsage, change, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Sql.AddAccountUsage, change, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Throws <see cref="QuotaExceededException"/> when the usage, with this transaction's changes, is over a quota.</summary>
    private static async Task CheckQuotaAsync(DbConnection connection, DbTransaction transaction, long containerId, CancellationToken cancellationToken)
    {
        QuotaRow quotas = await connection.QuerySingleAsync<QuotaRow>(new CommandDefinition(
            Sql.SelectQuotas, new { ContainerId = containerId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (quotas.ContainerQuota is long containerQuota && quotas.ContainerUsage > containerQuota)
        {
            throw new QuotaExceededException($"{quotas.Account}/{quotas.Container}", containerQuota, quotas.ContainerUsage);
        }

        if (quotas.AccountQuota is long accountQuota && quotas.AccountUsage > accountQuota)
        {
            throw new QuotaExceededException(quotas.Account, accountQuota, quotas.AccountUsage);
        }
    }

    /// <summary>Applies metadata given with a write, a metadata change or a copy to the new version; nothing when none was given.</summary>
    private static async Task ApplyMetadataAsync(
        DbConnection connection,
        DbTransaction transaction,
        long serial,
        string? domain,
        IReadOnlyDictionary<string, string>? metadata,
        bool replace,
        CancellationToken cancellationToken)
    {
        if (metadata is null)
        {
            return;
        }

        if (replace)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.DeleteDomainAttributes, new { Serial = serial, Domain = domain }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
        else
        {
            var deletes = metadata.Where(static p => p.Value.Length == 0).Select(p => new { Serial = serial, Domain = domain, p.Key }).ToList();
            if (deletes.Count > 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteAttribute, deletes, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }

        // One command reused for every row (Dapper's multi-row Execute); empty values are never stored.
        var upserts = metadata.Where(static p => p.Value.Length > 0).Select(p => new { Serial = serial, Domain = domain, p.Key, p.Value }).ToList();
        if (upserts.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(Sql.UpsertAttribute, upserts, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    private static void ValidateOptions(ObjectWriteOptions options)
    {
        ObjectNames.ValidateContentType(options.ContentType);
        ValidateMetadataOption(options.MetadataDomain, options.Metadata);
    }

    /// <summary>Checks metadata given with a write or a copy (and its domain) before anything is written.</summary>
    private static void ValidateMetadataOption(string? domain, IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is not null)
        {
            ObjectNames.ValidateDomain(domain);
            ObjectNames.ValidateMetadata(metadata);
        }
    }

    /// <summary>Checks that the hashes fit the size (Pithos <c>InconsistentContentSize</c>) and builds the hashmap.</summary>
    private static Hashmap ToHashmap(long size, IReadOnlyList<BlockHash> blocks, int blockSize)
    {
        BlockHash[] hashes = size == 0 && blocks.Count == 0 ? [BlockHash.Empty] : [.. blocks];
        long expected = Hashmap.ExpectedBlockCount(size, blockSize);
        if (hashes.Length != expected)
        {
            throw new ArgumentException(
                $"A {size}-byte object cut into {blockSize}-byte blocks has {expected} block hashes; {hashes.Length} were given.",
                nameof(blocks));
        }

        if (size == 0 && !hashes[0].IsEmpty)
        {
            throw new ArgumentException("A 0-byte object's only block hash must be the empty hash.", nameof(blocks));
        }

        return new Hashmap(hashes, size, blockSize);
    }
}
