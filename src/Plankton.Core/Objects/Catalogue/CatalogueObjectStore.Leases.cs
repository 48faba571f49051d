using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Upload and collector leases, block pins, and recovery of what crashed processes left (docs/reliability.md).</summary>
public abstract partial class CatalogueObjectStore
{
    private const int RecoveryBatch = 256;

    /// <summary>
    /// Releases the leases of dead processes (with their pins) and finishes the deletions that a dead collector had
    /// marked: the block is deleted from the block store, then its row. Runs on open, before every collection and
    /// whenever an upload waits for a deletion.
    /// </summary>
    /// <returns>The leases released and the deletions finished.</returns>
    internal async Task<(long Leases, long Deletions)> RecoverAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            long leases = 0;
            long deletions = 0;
            DbConnection connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                long now = _time.GetUtcNow().UtcTicks;
                IEnumerable<LeaseRow> rows = await connection.QueryAsync<LeaseRow>(
                    new CommandDefinition(Sql.SelectLeases, cancellationToken: cancellationToken)).ConfigureAwait(false);
                foreach (LeaseRow row in rows.Where(r => !(ProcessIdentity.IsRunning(r.Host, r.Pid, r.Started) ?? r.Expires > now)).ToList())
                {
                    leases += await connection.ExecuteAsync(
                        new CommandDefinition(Sql.DeleteLease, new { row.LeaseId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
                }

                deletions = await FinishAbandonedDeletionsAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return (leases, deletions);
        }
        catch (DbException ex) when (_dialect.TryTranslate(ex, "leases", out PlanktonException? translated))
        {
            throw translated;
        }
    }

    /// <summary>
    /// Finishes the deletions of dead collectors under a collector lease of its own: each abandoned mark is first
    /// claimed (one transaction; only one recovering process wins a mark), so no two processes delete the same block
    /// and none deletes a block after its row was removed and the block written again.
    /// </summary>
    private async Task<long> FinishAbandonedDeletionsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var take = new { Take = RecoveryBatch };
        if (!(await connection.QueryAsync<byte[]>(new CommandDefinition(Sql.SelectAbandonedDeletions, take, cancellationToken: cancellationToken)).ConfigureAwait(false)).Any())
        {
            return 0;
        }

        long finished = 0;
        BlockLease lease = await AcquireLeaseAsync(Sql.LeaseCollector, cancellationToken).ConfigureAwait(false);
        await using (lease.ConfigureAwait(false))
        {
            while (true)
            {
                List<byte[]> abandoned = (await connection.QueryAsync<byte[]>(
                    new CommandDefinition(Sql.SelectAbandonedDeletions, take, cancellationToken: cancellationToken)).ConfigureAwait(false)).ToList();
                if (abandoned.Count == 0)
                {
                    return finished;
                }

                var claimed = new List<byte[]>(abandoned.Count);
                using (DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    foreach (byte[] hash in abandoned)
                    {
                        if (await connection.ExecuteAsync(new CommandDefinition(
                            Sql.ClaimDeletion, new { LeaseId = lease.Id, Hash = hash }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) > 0)
                        {
                            claimed.Add(hash);
                        }
                    }

                    await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                finished += await FinishDeletionsAsync(connection, lease.Id, claimed, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes blocks marked (or claimed) by a collector lease from the block store, then their rows (the row goes only once the block is gone).</summary>
    private async Task<long> FinishDeletionsAsync(DbConnection connection, long leaseId, List<byte[]> marked, CancellationToken cancellationToken)
    {
        foreach (byte[] hash in marked)
        {
            await _blocks.DeleteAsync(new BlockHash(hash), cancellationToken).ConfigureAwait(false);
        }

        using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        int removed = await connection.ExecuteAsync(new CommandDefinition(
            Sql.DeleteBlockRow, marked.Select(h => new { Hash = h, LeaseId = leaseId }), transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return removed;
    }

    private async Task<BlockLease> AcquireLeaseAsync(int kind, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await BlockLease.AcquireAsync(this, _dialect, _time, _leaseDuration, kind, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_dialect.TryTranslate(ex, "leases", out PlanktonException? translated))
        {
            throw translated;
        }
    }

    /// <summary>Pins blocks for an upload, translating provider errors (a lost lease is a constraint violation: conflict).</summary>
    private async Task PinAsync(BlockLease lease, IEnumerable<BlockHash> hashes, CancellationToken cancellationToken)
    {
        try
        {
            await lease.PinAsync(hashes, _busyTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (DbException ex) when (_dialect.TryTranslate(ex, "block pins", out PlanktonException? translated))
        {
            throw translated;
        }
    }
}
