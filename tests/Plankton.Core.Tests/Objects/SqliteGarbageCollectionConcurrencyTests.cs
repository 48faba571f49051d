using System.Collections.Concurrent;
using System.Diagnostics;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Eight writers upload overlapping data (blocks drawn from one small pool, so almost every put deduplicates against
/// a block that may be garbage at that moment) while a churner writes, deletes and purges, and the collector runs in a
/// loop, for a bounded time. Afterwards every object reads back as last written, and a final collection leaves no
/// unreferenced block (docs/reliability.md).
/// </summary>
[TestFixture]
public sealed class SqliteGarbageCollectionConcurrencyTests
{
    /// <summary>The block size of the stores of the concurrency tests (objects, and images in <c>PithosImageBackendConcurrencyTests</c>).</summary>
    internal const int BlockSize = 4096;
    private const int Pool = 120;
    private const string User = "alice";

    /// <summary>How long the writers, deleters and the collector run together.</summary>
    internal static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    /// <summary>The longest they run when a loaded machine has not done the minimum work of a run in <see cref="Duration"/>.</summary>
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    [Test]
    public async Task WritersDeletesAndCollection_RunTogether_LoseNothingAndLeaveNoGarbage()
    {
        await RunOnFreshStoreAsync(async store =>
        {
            await store.EnsureAccountAsync(User, User);
            await store.EnsureContainerAsync(User, User, "live", VersioningPolicy.None);
            await store.EnsureContainerAsync(User, User, "churn");
            var expected = new ConcurrentDictionary<string, byte[]>();
            var clock = Stopwatch.StartNew();
            long collected = 0;
            long writes = 0;
            bool Running() => KeepRunning(clock, () => Interlocked.Read(ref collected) > 0 && Interlocked.Read(ref writes) > 8);

            Task[] writers = [.. Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (int k = 0; Running(); k++)
                {
                    string name = $"w{w}-{k % 3}";
                    byte[] data = Data(w, k);
                    await store.WriteAsync(User, new ObjectPath(User, "live", name), new MemoryStream(data));
                    expected[name] = data;
                    Interlocked.Increment(ref writes);
                }
            }))];
            Task churner = Task.Run(async () =>
            {
                for (int k = 0; Running(); k++)
                {
                    var path = new ObjectPath(User, "churn", "c" + (k % 4));
                    await store.WriteAsync(User, path, new MemoryStream(Data(100, k)));
                    await store.DeleteAsync(User, path);
                    await store.PurgeAsync(User, path, DateTimeOffset.MaxValue);
                }
            });
            Task collector = Task.Run(async () =>
            {
                while (Running())
                {
                    GarbageCollectionReport report = await store.CollectGarbageAsync(new GarbageCollectionOptions { BatchSize = 8 });
                    Interlocked.Add(ref collected, report.Deleted);
                }
            });
            await Task.WhenAll([.. writers, churner, collector]);

            collected.Should().BeGreaterThan(0, "the collector really deleted blocks while the writers ran");
            writes.Should().BeGreaterThan(8);
            foreach ((string name, byte[] data) in expected)
            {
                await using Stream stream = await store.OpenReadAsync(User, new ObjectPath(User, "live", name));
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                copy.ToArray().Should().Equal(data, "{0} reads back as last written", name);
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="run"/> over a fresh store (a SQLite catalogue and a file-system block store, on tmpfs when
    /// there is one), then collects garbage and checks that exactly the referenced blocks remain (catalogue and files).
    /// </summary>
    internal static async Task RunOnFreshStoreAsync(Func<SqliteObjectStore, Task> run)
    {
        using var folder = new TempDirectory(Directory.Exists("/dev/shm") ? "/dev/shm" : null);
        string database = folder.Combine("catalogue.db");
        using var blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = folder.Combine("blocks"), BlockSize = BlockSize });
        using (SqliteObjectStore store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, blocks))
        {
            await run(store);
            await store.CollectGarbageAsync();
        }

        SqliteConnectionFactory.ClearAllPools();
        await BlockReferenceAudit.AssertOnlyReferencedBlocksRemainAsync(database, blocks);
    }

    /// <summary>
    /// Whether the tasks of a run go on: for <see cref="Duration"/>, and beyond it (up to 30 s) while the run has not yet
    /// done <paramref name="enoughWork"/> (on a loaded machine, parallel fixtures can starve a run of its first deletes).
    /// </summary>
    internal static bool KeepRunning(Stopwatch clock, Func<bool> enoughWork) =>
        clock.Elapsed < Duration || (clock.Elapsed < s_limit && !enoughWork());

    /// <summary>Five blocks from a pool of <see cref="Pool"/>, chosen by writer and iteration, so writers share blocks.</summary>
    internal static byte[] Data(int writer, int iteration)
    {
        var data = new byte[5 * BlockSize];
        for (int i = 0; i < 5; i++)
        {
            new Random(((writer * 7) + (iteration * 3) + i) % Pool).NextBytes(data.AsSpan(i * BlockSize, BlockSize));
        }

        return data;
    }
}
