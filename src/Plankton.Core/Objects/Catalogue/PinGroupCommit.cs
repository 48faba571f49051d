using System.Runtime.ExceptionServices;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Group commit of one lease's pins: callers that ask while a pin transaction runs share the next one. Each caller
/// queues its blocks and takes the commit lock; whoever holds it pins everything queued in one transaction, so a
/// caller that gets the lock after its blocks were taken returns at once. A caller returns only once the transaction
/// holding its blocks has committed (or failed), so "pinned before put" holds per block exactly as with a
/// transaction of its own.
/// </summary>
/// <remarks>
/// Thread-safe. Callers block while another caller's transaction runs, as they would on SQLite's write lock: the
/// ingestion workers are dedicated threads (and Microsoft.Data.Sqlite runs its async calls synchronously anyway). At
/// most one transaction runs at a time, so the transaction may use one connection held by the lease. A failure (or
/// the cancellation of the caller running the transaction) is reported to every caller of that transaction.
/// </remarks>
/// <param name="pin">
/// Pins the given distinct blocks in one transaction and returns those it could not pin because a collector is
/// deleting them.
/// </param>
internal sealed class PinGroupCommit(Func<List<BlockHash>, CancellationToken, List<BlockHash>> pin)
{
    private readonly Lock _queueGate = new();
    private readonly Lock _commitGate = new();
    private List<Request> _queue = [];
    private int _transactions;

    /// <summary>Gets how many transactions have run (a diagnostic for tests).</summary>
    public int Transactions => Volatile.Read(ref _transactions);

    /// <summary>Gets how many callers are queued for the next transaction (a diagnostic for tests).</summary>
    public int Queued
    {
        get
        {
            lock (_queueGate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Pins <paramref name="hashes"/> in the next transaction, shared with whoever asks meanwhile.</summary>
    /// <param name="hashes">Distinct, non-empty blocks.</param>
    /// <param name="cancellationToken">Cancels the transaction when this caller runs it.</param>
    /// <returns>The blocks of <paramref name="hashes"/> a collector is deleting (not pinned).</returns>
    public List<BlockHash> Pin(List<BlockHash> hashes, CancellationToken cancellationToken)
    {
        var request = new Request(hashes);
        lock (_queueGate)
        {
            _queue.Add(request);
        }

        lock (_commitGate)
        {
            if (!request.Done)
            {
                RunQueued(cancellationToken);
            }
        }

        request.Error?.Throw();
        return request.Deleting;
    }

    /// <summary>Pins everything queued in one transaction and settles each request (called under the commit lock).</summary>
    private void RunQueued(CancellationToken cancellationToken)
    {
        List<Request> round;
        lock (_queueGate)
        {
            round = _queue;
            _queue = [];
        }

        Interlocked.Increment(ref _transactions);
        try
        {
            var all = new HashSet<BlockHash>();
            foreach (Request request in round)
            {
                all.UnionWith(request.Hashes);
            }

            var deleting = new HashSet<BlockHash>(pin([.. all], cancellationToken));
            foreach (Request request in round)
            {
                request.Deleting = deleting.Count == 0 ? [] : request.Hashes.Where(deleting.Contains).ToList();
            }
        }
        catch (Exception error)
        {
            ExceptionDispatchInfo captured = ExceptionDispatchInfo.Capture(error);
            foreach (Request request in round)
            {
                request.Error = captured;
            }
        }

        foreach (Request request in round)
        {
            request.Done = true;
        }
    }

    /// <summary>One caller's blocks and, once settled (under the commit lock), their outcome.</summary>
    private sealed class Request(List<BlockHash> hashes)
    {
        public List<BlockHash> Hashes { get; } = hashes;

        public bool Done { get; set; }

        public List<BlockHash> Deleting { get; set; } = [];

        public ExceptionDispatchInfo? Error { get; set; }
    }
}
