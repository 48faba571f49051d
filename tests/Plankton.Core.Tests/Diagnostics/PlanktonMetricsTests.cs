using System.Diagnostics.Metrics;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Diagnostics;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Diagnostics;

/// <summary>
/// The pin metrics an upload publishes on the <see cref="PlanktonMetrics.MeterName"/> meter. Not parallel: a
/// <see cref="MeterListener"/> hears every store of the process.
/// </summary>
[NonParallelizable]
public sealed class PlanktonMetricsTests
{
    private const int BlockSize = 1 << 20;

    [Test]
    public async Task Upload_PublishesItsPinnedBlocksAndFewerPinTransactions()
    {
        using var directory = new TempDirectory();
        long transactions = 0;
        long pinned = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PlanktonMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == PlanktonMetrics.PinTransactions)
            {
                Interlocked.Add(ref transactions, value);
            }
            else if (instrument.Name == PlanktonMetrics.PinnedBlocks)
            {
                Interlocked.Add(ref pinned, value);
            }
        });
        listener.Start();
        using SqliteObjectStore store = await SqliteObjectStore.OpenAsync(
            new SqliteObjectStoreOptions { DatabasePath = directory.Combine("catalogue.db") }, new InMemoryBlockStore(BlockSize));
        await store.EnsureAccountAsync("alice", "alice");
        await store.EnsureContainerAsync("alice", "alice", "images");

        await store.WriteAsync("alice", new ObjectPath("alice", "images", "disk"), new MemoryStream(TestData.Random(32 * BlockSize, 61)));

        Interlocked.Read(ref pinned).Should().Be(32);
        Interlocked.Read(ref transactions).Should().BeInRange(1, 31, "the blocks hashed in one round are pinned together");
        SqliteConnectionFactory.ClearAllPools();
    }
}
