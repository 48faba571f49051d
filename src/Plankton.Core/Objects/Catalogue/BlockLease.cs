using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Plankton.Core.Diagnostics;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// A lease held in the catalogue by one upload or one collector run (docs/reliability.md). An upload pins every
/// block it is about to write or rely on through <see cref="PinAsync"/> before touching it; the collector never marks
/// a pinned block. The lease is renewed in the background while held (so hosts that cannot see this process can
/// tell it is alive) and deleted, with its pins, on disposal.
/// </summary>
/// <remarks>Thread-safe: the ingestion workers pin concurrently; their pins are group-committed
/// (<see cref="PinGroupCommit"/>) on the lease's own connection, one transaction at a time.</remarks>
internal sealed class BlockLease : IAsyncDisposable
{
    private static readonly TimeSpan s_firstRetry = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan s_lastRetry = TimeSpan.FromMilliseconds(200);

    private readonly CatalogueObjectStore _store;
    private readonly ICatalogueDialect _dialect;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private const byte Pinned = 0;
    private const byte PinnedAndStored = 1;

    /// <summary>The blocks this lease has pinned, each with whether the catalogue vouched for it at its pin.</summary>
    private readonly ConcurrentDictionary<BlockHash, byte> _pinned = new();
    private readonly DbConnection _connection;
    private readonly PinStatements _statements;
    private readonly PinGroupCommit _pins;
    private readonly ITimer _renewal;
    private ITimer? _retry;
    private int _released;
    private int _retryDone;

    private BlockLease(CatalogueObjectStore store, ICatalogueDialect dialect, TimeProvider time, TimeSpan duration, DbConnection connection, long id)
    {
        _store = store;
        _dialect = dialect;
        _time = time;
        _duration = duration;
        _connection = connection;
        _statements = new PinStatements(dialect, connection, id);
        _pins = new PinGroupCommit(TryPin);
        Id = id;
        TimeSpan period = duration / 3;
        _renewal = time.CreateTimer(static state => ((BlockLease)state!).Renew(), this, period, period);
    }

    /// <summary>Gets the lease's row id.</summary>
    public long Id { get; }

    /// <summary>
    /// Takes a new lease for this process. The lease keeps the connection that inserted it, at
    /// relaxed durability (SQLite <c>synchronous = NORMAL</c>, PostgreSQL <c>synchronous_commit = off</c>), for its pins
    /// and its release (see <see cref="TryPin"/> on durability).
    /// </summary>
    public static async Task<BlockLease> AcquireAsync(
        CatalogueObjectStore store,
        ICatalogueDialect dialect,
        TimeProvider time,
        TimeSpan duration,
        int kind,
        CancellationToken cancellationToken)
    {
        DbConnection connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await dialect.RelaxDurabilityAsync(connection, cancellationToken).ConfigureAwait(false);
            long id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.InsertLease,
                new
                {
                    Kind = kind,
                    ProcessIdentity.Host,
                    ProcessIdentity.Pid,
                    ProcessIdentity.Started,
                    Expires = (time.GetUtcNow() + duration).UtcTicks,
                },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            return new BlockLease(store, dialect, time, duration, connection, id);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Pins blocks for this lease. A block the collector is deleting at this moment is waited for (and the deletion
    /// finished when its collector died) and then pinned afresh, so the caller writes it again.
    /// </summary>
    /// <param name="hashes">The blocks; the empty block and blocks already pinned are skipped.</param>
    /// <param name="deadline">How long to wait for deletions in progress.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ObjectConflictException">A deletion did not finish in time, or the lease was lost.</exception>
    public async Task PinAsync(IEnumerable<BlockHash> hashes, TimeSpan deadline, CancellationToken cancellationToken)
    {
        List<BlockHash> pending = hashes.Where(h => !h.IsEmpty && !_pinned.ContainsKey(h)).Distinct().ToList();
        TimeSpan delay = s_firstRetry;
        long start = _time.GetTimestamp();
        while (pending.Count > 0)
        {
            pending = _pins.Pin(pending, cancellationToken);
            if (pending.Count == 0)
            {
                return;
            }

            if (_time.GetElapsedTime(start) > deadline)
            {
                throw new ObjectConflictException(
                    $"block {pending[0]}", "the garbage collector is still deleting it; retry the upload", null);
            }

            // Finishes deletions whose collector has died; live collectors finish their own.
            await _store.RecoverAsync(cancellationToken).ConfigureAwait(false);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_lastRetry.Ticks));
        }
    }

    /// <summary>
    /// Whether a block this lease has pinned was, at its pin, referenced by a committed version and not recorded as
    /// damaged: then it is stored (blocks are durable before a version that references them commits), and the pin
    /// keeps the collector from it, so the upload needs no request to the block store to know it is there.
    /// </summary>
    /// <param name="hash">A block pinned through <see cref="PinAsync"/>.</param>
    /// <returns><see langword="true"/> when the catalogue vouches for the block.</returns>
    public bool IsKnownStored(BlockHash hash) => _pinned.TryGetValue(hash, out byte state) && state == PinnedAndStored;

    /// <summary>
    /// Unpins blocks this lease pinned and then found absent from the block store, and forgets their rows when nothing
    /// else references or pins them, so that a write refused for missing blocks leaves the catalogue as it was.
    /// </summary>
    /// <param name="hashes">The absent blocks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the pins and rows are gone.</returns>
    public async Task UnpinAbsentAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken)
    {
        DbConnection connection = await _dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            foreach (BlockHash hash in hashes)
            {
                var row = new { LeaseId = Id, Hash = hash.ToArray() };
                await connection.ExecuteAsync(new CommandDefinition(Sql.DeletePin, row, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(Sql.DeleteAbsentBlock, row, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                _pinned.TryRemove(hash, out _);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ends the lease, releasing its pins. Must not overlap a pin (the upload has finished with its blocks when it ends
    /// the lease). When the catalogue cannot be reached (a database outage), the release is retried every third of the
    /// lease duration until it succeeds: recovery keeps the lease of a running process, so without the retries its pins
    /// would hold their blocks from collection until the process ends.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        await _renewal.DisposeAsync().ConfigureAwait(false);
        _statements.Dispose();
        await using (_connection.ConfigureAwait(false))
        {
            try
            {
                // Relaxed like the pins: a release lost with the machine leaves a lease of a dead process, which
                // recovery removes.
                await _connection.ExecuteAsync(new CommandDefinition(Sql.DeleteLease, new { LeaseId = Id })).ConfigureAwait(false);
            }
            catch (DbException)
            {
                TimeSpan period = _duration / 3;
                _retry = _time.CreateTimer(static state => ((BlockLease)state!).RetryRelease(), this, period, period);
            }
        }
    }

    /// <summary>
    /// Pins what it can in one transaction on the lease's connection (the group commit runs one at a time); returns
    /// the blocks being deleted, to retry.
    /// </summary>
    /// <remarks>
    /// A pin need not survive a power loss: the upload dies with the machine, and a version commit (FULL) flushes the
    /// log, earlier pins included. So the lease's connection stays relaxed; the pool's next open restores full
    /// durability.
    /// </remarks>
    private List<BlockHash> TryPin(List<BlockHash> hashes, CancellationToken cancellationToken)
    {
        var pinned = new List<BlockHash>(hashes.Count);
        var stored = new List<BlockHash>();
        List<BlockHash> deleting = _statements.Pin(hashes, pinned, stored, cancellationToken);
        PlanktonMetrics.PinTransactionCounter.Add(1);
        PlanktonMetrics.PinnedBlockCounter.Add(pinned.Count);
        var vouched = stored.ToHashSet();
        foreach (BlockHash hash in pinned)
        {
            _pinned.TryAdd(hash, vouched.Contains(hash) ? PinnedAndStored : Pinned);
        }

        return deleting;
    }

    /// <summary>One more attempt at deleting a lease whose release failed; stops once it succeeds or the store is closed.</summary>
    private void RetryRelease()
    {
        if (Volatile.Read(ref _retryDone) != 0)
        {
            return;
        }

        try
        {
            using DbConnection connection = _dialect.Open();
            connection.Execute(Sql.DeleteLease, new { LeaseId = Id });
        }
        catch (DbException)
        {
            return; // still unreachable: the next tick tries again
        }
        catch (ObjectDisposedException)
        {
            // The store was closed: the lease stays until this process ends, and recovery then removes it.
        }

        Interlocked.Exchange(ref _retryDone, 1);
        _retry?.Dispose();
    }

    private void Renew()
    {
        if (Volatile.Read(ref _released) != 0)
        {
            return;
        }

        try
        {
            using DbConnection connection = _dialect.Open();
            connection.Execute(Sql.RenewLease, new { LeaseId = Id, Expires = (_time.GetUtcNow() + _duration).UtcTicks });
        }
        catch (DbException)
        {
            // The next tick tries again; a lease that cannot be renewed expires for other hosts only.
        }
        catch (ObjectDisposedException)
        {
            // The store was closed under a lease still held (PostgreSQL's data source refuses new connections then):
            // nothing to renew with; a timer callback must not throw.
        }
    }
}
