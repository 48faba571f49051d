using System.Collections.Concurrent;
using Plankton.Core.Hashing;
using Plankton.Core.Objects.Catalogue;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The group commit of an upload's pins (docs/reliability.md, "Write ordering"): callers arriving while a transaction
/// runs share the next one, and none returns before the transaction holding its blocks has run.
/// </summary>
[TestFixture]
public sealed class PinGroupCommitTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    [Test]
    public async Task Pin_CallersArrivingDuringATransaction_ShareTheNextAndWaitForIt()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var transactions = new ConcurrentQueue<BlockHash[]>();
        var group = new PinGroupCommit((hashes, cancellationToken) =>
        {
            entered.Set();
            release.Wait(s_patience, cancellationToken).Should().BeTrue();
            transactions.Enqueue([.. hashes]);
            return [];
        });

        Task first = Task.Run(() => group.Pin([Hash(1)], default));
        entered.Wait(s_patience).Should().BeTrue();
        Task[] followers = [.. Enumerable.Range(2, 4).Select(i => Task.Run(() => group.Pin([Hash(i)], default)))];
        await WaitUntilAsync(() => group.Queued == 4);

        followers.Should().OnlyContain(t => !t.IsCompleted, "no caller returns before a transaction holding its block has run");
        release.Set();
        await Task.WhenAll([first, .. followers]).WaitAsync(s_patience);

        group.Transactions.Should().Be(2);
        transactions.Should().HaveCount(2);
        transactions.First().Should().Equal(Hash(1));
        transactions.Last().Should().BeEquivalentTo([Hash(2), Hash(3), Hash(4), Hash(5)]);
    }

    [Test]
    public async Task Pin_BlocksBeingDeleted_AreReportedToTheCallerThatAskedForThem()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var group = new PinGroupCommit((hashes, cancellationToken) =>
        {
            entered.Set();
            release.Wait(s_patience, cancellationToken).Should().BeTrue();
            return [.. hashes.Where(h => h == Hash(3) || h == Hash(5))];
        });

        Task<List<BlockHash>> first = Task.Run(() => group.Pin([Hash(1)], default));
        entered.Wait(s_patience).Should().BeTrue();
        Task<List<BlockHash>> second = Task.Run(() => group.Pin([Hash(2), Hash(3)], default));
        Task<List<BlockHash>> third = Task.Run(() => group.Pin([Hash(4), Hash(5), Hash(6)], default));
        await WaitUntilAsync(() => group.Queued == 2);
        release.Set();

        (await first.WaitAsync(s_patience)).Should().BeEmpty();
        (await second.WaitAsync(s_patience)).Should().Equal(Hash(3));
        (await third.WaitAsync(s_patience)).Should().Equal(Hash(5));
        group.Transactions.Should().Be(2);
    }

    [Test]
    public async Task Pin_TransactionFails_EveryCallerOfThatTransactionThrowsAndTheNextRunsAgain()
    {
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        int calls = 0;
        var group = new PinGroupCommit((hashes, cancellationToken) =>
        {
            entered.Set();
            release.Wait(s_patience, cancellationToken).Should().BeTrue();
            return Interlocked.Increment(ref calls) == 2 ? throw new IOException("disk I/O error") : [];
        });

        Task<List<BlockHash>> first = Task.Run(() => group.Pin([Hash(1)], default));
        entered.Wait(s_patience).Should().BeTrue();
        Task<List<BlockHash>>[] failing = [.. Enumerable.Range(2, 3).Select(i => Task.Run(() => group.Pin([Hash(i)], default)))];
        await WaitUntilAsync(() => group.Queued == 3);
        release.Set();

        (await first.WaitAsync(s_patience)).Should().BeEmpty();
        foreach (Task<List<BlockHash>> task in failing)
        {
            await task.Awaiting(t => t.WaitAsync(s_patience)).Should().ThrowAsync<IOException>();
        }

        group.Pin([Hash(9)], default).Should().BeEmpty("a failed transaction leaves the group usable");
        calls.Should().Be(3);
    }

    private static BlockHash Hash(int id) => SqliteBlockReferenceTests.Hash(id);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        long start = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            TimeProvider.System.GetElapsedTime(start).Should().BeLessThan(s_patience, "the callers should have queued by now");
            await Task.Delay(5);
        }
    }
}
