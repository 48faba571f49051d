using System.Buffers;
using System.Buffers.Binary;
using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Maintenance;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Garbage collection, scrub and exclusive bytes (<see cref="IStoreMaintenance"/>; docs/reliability.md).</summary>
public abstract partial class CatalogueObjectStore : IStoreMaintenance
{
    private const string ScrubCursor = "scrub";
    private const string ImageDomain = "plankton";

    /// <inheritdoc/>
    public async ValueTask<GarbageCollectionReport> CollectGarbageAsync(GarbageCollectionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new GarbageCollectionOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options));
        (long leases, long deleted) = await RecoverAsync(cancellationToken).ConfigureAwait(false);
        var report = new GarbageCollectionReport(leases, 0, 0, deleted, 0);
        BlockLease lease = await AcquireLeaseAsync(Sql.LeaseCollector, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            return await RunAsync("garbage collection", async (connection, ct) =>
            {
                if (options.SweepUnregisteredBlocks)
                {
                    report = report with { Registered = await RegisterUnknownBlocksAsync(connection, options.BatchSize, ct).ConfigureAwait(false) };
                }

                byte[] after = [];
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    List<byte[]> batch = (await connection.QueryAsync<byte[]>(new CommandDefinition(
                        Sql.SelectGarbage, new { After = after, Take = options.BatchSize }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
                    if (batch.Count == 0)
                    {
                        return report;
                    }

                    after = batch[^1];
                    List<byte[]> marked = await MarkDeletingAsync(connection, lease.Id, batch, ct).ConfigureAwait(false);

                    // Marked: nothing may pin or reference these blocks any more, so deleting them is safe; a crash
                    // from here on leaves marks that recovery finishes.
                    long removed = marked.Count == 0 ? 0 : await FinishDeletionsAsync(connection, lease.Id, marked, ct).ConfigureAwait(false);
                    report = report with
                    {
                        Examined = report.Examined + batch.Count,
                        Deleted = report.Deleted + removed,
                        Pinned = report.Pinned + batch.Count - marked.Count,
                    };
                    options.Progress?.Report(report);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask<ScrubReport> ScrubAsync(ScrubOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ScrubOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize, nameof(options));
        if (!(options.SampleRate > 0 && options.SampleRate <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.SampleRate, "The sample rate must be greater than 0 and at most 1.");
        }

        uint threshold = options.SampleRate >= 1 ? uint.MaxValue : (uint)(options.SampleRate * uint.MaxValue);
        return await RunAsync("scrub", async (connection, ct) =>
        {
            var cursorKey = new { Name = ScrubCursor };
            byte[] after = options.Restart
                ? []
                : await connection.ExecuteScalarAsync<byte[]?>(new CommandDefinition(Sql.SelectCursor, cursorKey, cancellationToken: ct)).ConfigureAwait(false) ?? [];
            long checkedBlocks = 0;
            byte[] buffer = ArrayPool<byte>.Shared.Rent(_blocks.BlockSize);
            try
            {
                while (true)
                {
                    List<byte[]> batch = (await connection.QueryAsync<byte[]>(new CommandDefinition(
                        Sql.SelectReferenced, new { After = after, Take = options.BatchSize }, cancellationToken: ct)).ConfigureAwait(false)).ToList();
                    if (batch.Count == 0)
                    {
                        break;
                    }

                    var found = new List<(byte[] Hash, BlockDamage? Damage)>(batch.Count);
                    foreach (byte[] hash in batch)
                    {
                        if (BinaryPrimitives.ReadUInt32BigEndian(hash) > threshold)
                        {
                            continue;
                        }

                        ct.ThrowIfCancellationRequested();
                        found.Add((hash, await CheckBlockAsync(new BlockHash(hash), buffer, ct).ConfigureAwait(false)));
                    }

                    checkedBlocks += found.Count;
                    after = batch[^1];
                    await SaveScrubBatchAsync(connection, found, after, ct).ConfigureAwait(false);
                    options.Progress?.Report(new ScrubReport(checkedBlocks, []));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteCursor, cursorKey, cancellationToken: ct)).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteUnreferencedDamage, cancellationToken: ct)).ConfigureAwait(false);
            IReadOnlyList<DamagedBlock> damaged = await DescribeDamageAsync(connection, ct).ConfigureAwait(false);
            return new ScrubReport(checkedBlocks, damaged);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public ValueTask<long> GetExclusiveBytesAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        return RunAsync(path.ToString(), async (connection, ct) =>
        {
            await DemandAsync(connection, null, userId, path, AccessKind.Read, ct).ConfigureAwait(false);
            LocateRow located = await LocateObjectAsync(connection, null, path, mustBeLive: false, ct).ConfigureAwait(false);

            // Per block: its length and how many of this object's versions reference it (each version once).
            var mine = new Dictionary<BlockHash, (long Length, long Versions)>();
            foreach (HashmapRow version in await connection.QueryAsync<HashmapRow>(new CommandDefinition(
                Sql.SelectObjectHashmaps, new { located.ObjectId }, cancellationToken: ct)).ConfigureAwait(false))
            {
                BlockHash[] blocks = HashmapEncoding.Decode(version.Hashmap);
                var seen = new HashSet<BlockHash>();
                for (int i = 0; i < blocks.Length; i++)
                {
                    if (blocks[i].IsEmpty || !seen.Add(blocks[i]))
                    {
                        continue;
                    }

                    long length = i < blocks.Length - 1 ? version.BlockSize : version.Size - ((long)(blocks.Length - 1) * version.BlockSize);
                    mine[blocks[i]] = mine.TryGetValue(blocks[i], out var known) ? (known.Length, known.Versions + 1) : (length, 1);
                }
            }

            long exclusive = 0;
            foreach ((BlockHash hash, (long length, long versions)) in mine)
            {
                long refs = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    Sql.SelectBlockRefs, new { Hash = hash.ToArray() }, cancellationToken: ct)).ConfigureAwait(false);
                if (refs <= versions)
                {
                    exclusive += length;
                }
            }

            return exclusive;
        }, cancellationToken);
    }

    private async Task<List<byte[]>> MarkDeletingAsync(DbConnection connection, long leaseId, List<byte[]> batch, CancellationToken cancellationToken)
    {
        var marked = new List<byte[]>(batch.Count);
        using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach (byte[] hash in batch)
        {
            int changed = await connection.ExecuteAsync(new CommandDefinition(
                Sql.MarkDeleting, new { LeaseId = leaseId, Hash = hash }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (changed > 0)
            {
                marked.Add(hash);
            }
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return marked;
    }

    /// <summary>Registers, with no references, the stored blocks the catalogue does not know.</summary>
    private async Task<long> RegisterUnknownBlocksAsync(DbConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        long registered = 0;
        var batch = new List<object>(batchSize);
        await foreach (BlockHash hash in _blocks.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            batch.Add(new { Hash = hash.ToArray() });
            if (batch.Count == batchSize)
            {
                registered += await RegisterAsync(connection, batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }
        }

        return registered + await RegisterAsync(connection, batch, cancellationToken).ConfigureAwait(false);

        async Task<long> RegisterAsync(DbConnection connection, List<object> rows, CancellationToken cancellationToken)
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            int added = await connection.ExecuteAsync(new CommandDefinition(Sql.RegisterBlock, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return added;
        }
    }

    /// <summary>Reads one block and checks it against its name.</summary>
    private async Task<BlockDamage?> CheckBlockAsync(BlockHash hash, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            // The store checks what it can (its checksum, or the hash when configured to); the name is checked here always.
            int length = await _blocks.ReadAsync(hash, buffer.AsMemory(0, _blocks.BlockSize), cancellationToken).ConfigureAwait(false);
            return PithosHash.Sha256(buffer.AsSpan(0, length)) == hash ? null : BlockDamage.Corrupt;
        }
        catch (BlockNotFoundException)
        {
            return BlockDamage.Missing;
        }
        catch (BlockIntegrityException)
        {
            return BlockDamage.Corrupt;
        }
    }

    private async Task SaveScrubBatchAsync(DbConnection connection, List<(byte[] Hash, BlockDamage? Damage)> found, byte[] cursor, CancellationToken cancellationToken)
    {
        long now = _time.GetUtcNow().UtcTicks;
        using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        foreach ((byte[] hash, BlockDamage? damage) in found)
        {
            if (damage is BlockDamage kind)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    Sql.UpsertDamage, new { Hash = hash, Kind = (long)kind, Found = now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
            else if (await connection.ExecuteAsync(new CommandDefinition(
                Sql.DeleteDamage, new { Hash = hash }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
            {
                await ClearDamageFlagsAsync(connection, transaction, new BlockHash(hash), cancellationToken).ConfigureAwait(false);
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            Sql.SaveCursor, new { Name = ScrubCursor, Cursor = cursor }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>The value of the image flag for one damaged block: <c>missing block &lt;hash&gt;</c> or <c>corrupt block &lt;hash&gt;</c>.</summary>
    private static string DamageFlag(BlockDamage damage, BlockHash hash) => $"{damage} block {hash}".ToLowerInvariant();

    /// <summary>A block found sound again (repaired): the flags it set on live versions go, so their images are served again.</summary>
    private static async Task ClearDamageFlagsAsync(DbConnection connection, DbTransaction transaction, BlockHash hash, CancellationToken cancellationToken)
    {
        foreach (VersionRow version in await connection.QueryAsync<VersionRow>(new CommandDefinition(
            Sql.SelectVersionsContaining, new { Hash = hash.ToArray() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.ClearVersionDamaged,
                new
                {
                    version.Serial,
                    Domain = ImageDomain,
                    Key = IStoreMaintenance.DamagedKey,
                    Missing = DamageFlag(BlockDamage.Missing, hash),
                    Corrupt = DamageFlag(BlockDamage.Corrupt, hash),
                },
                transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Lists the recorded damage with the versions using each block, and flags the live ones in the image domain.
    /// Finding the versions scans the hashmaps once per damaged block: damage is rare, and the scan is its price.
    /// </summary>
    private async Task<IReadOnlyList<DamagedBlock>> DescribeDamageAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var damaged = new List<DamagedBlock>();
        foreach (DamageRow row in (await connection.QueryAsync<DamageRow>(new CommandDefinition(Sql.SelectDamage, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList())
        {
            var hash = new BlockHash(row.Hash);
            var versions = new List<DamagedVersion>();
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (VersionRow version in await connection.QueryAsync<VersionRow>(new CommandDefinition(
                Sql.SelectVersionsContaining, new { row.Hash }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false))
            {
                if (!HashmapEncoding.Decode(version.Hashmap).Contains(hash))
                {
                    continue;
                }

                bool latest = version.Cluster == Sql.ClusterNormal;
                versions.Add(new DamagedVersion(new ObjectPath(version.Account, version.Container, version.Name), version.Uuid, version.Serial, latest));
                if (latest)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        Sql.MarkVersionDamaged,
                        new { version.Serial, Domain = ImageDomain, Key = IStoreMaintenance.DamagedKey, Value = DamageFlag((BlockDamage)row.Kind, hash) },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            damaged.Add(new DamagedBlock(hash, (BlockDamage)row.Kind, versions));
        }

        return damaged;
    }
}
