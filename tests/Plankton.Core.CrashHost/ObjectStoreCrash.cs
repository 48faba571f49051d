using System.Diagnostics;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.CrashHost;

/// <summary>
/// Object-store crash runs (docs/reliability.md): the process opens a catalogue over a file-system block store, runs
/// one operation and kills itself (SIGKILL) at a deterministic point: before or after the k-th put (upload), read
/// (scrub) or delete (garbage collection) of a block, or, for delete/purge and clone, k operations in plus a short
/// spin into the next one. Arguments: root folder, operation, kill point.
/// </summary>
public static class ObjectStoreCrash
{
    public const int BlockSize = 4096;
    public const string User = "crash";
    public const string Container = "c";

    /// <summary>
    /// The data of object <paramref name="name"/> at generation <paramref name="generation"/>: 6 blocks, the first drawn
    /// from a pool of 80 (one all zeros), so objects share blocks (and a later upload often finds it referenced, which
    /// the catalogue answers without a block-store put), the other 5 new to the object and generation, so that every
    /// upload of 5 objects really puts at least 25 blocks (the 50 kill points of the upload runs count puts).
    /// </summary>
    public static byte[] ObjectData(string name, int generation)
    {
        var data = new byte[6 * BlockSize];
        int seed = name.Sum(static c => c);
        for (int i = 0; i < 6; i++)
        {
            int block = ((seed * 5) + i + (generation * 3)) % 80;
            if (i >= 1)
            {
                new Random(unchecked((seed * 1_000_003) + (generation * 7_919) + i)).NextBytes(data.AsSpan(i * BlockSize, BlockSize));
            }
            else if (block != 79)
            {
                new Random(1000 + block).NextBytes(data.AsSpan(i * BlockSize, BlockSize));
            }
        }

        return data;
    }

    public static async Task<int> RunAsync(string root, string operation, int killAt)
    {
        var hooks = new KillingBlockStore(new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = Path.Combine(root, "blocks"), BlockSize = BlockSize }));
        using SqliteObjectStore store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(root, "catalogue.db") }, hooks);
        await store.EnsureAccountAsync(User, User);
        await store.EnsureContainerAsync(User, User, Container);
        Console.Out.WriteLine("open");
        switch (operation)
        {
            case "upload":
                hooks.Arm(BlockCall.Put, killAt);
                for (int i = 0; i < 5; i++)
                {
                    await store.WriteAsync(User, At("u" + i), new MemoryStream(ObjectData("u" + i, killAt)));
                }

                break;

            case "delete":
                for (int i = 0; i < 6; i++)
                {
                    await store.WriteAsync(User, At("d" + i), new MemoryStream(ObjectData("d" + i, killAt)));
                }

                await store.CopyAsync(User, At("d0"), At("d0-copy"));
                KillAfterSteps(killAt);
                for (int i = 0; i < 6; i++)
                {
                    Step();
                    await store.DeleteAsync(User, At("d" + i));
                    Step();
                    await store.PurgeAsync(User, At("d" + i), DateTimeOffset.MaxValue);
                }

                Step();
                await store.DeleteAsync(User, At("d0-copy"));
                Step();
                await store.PurgeAsync(User, At("d0-copy"), DateTimeOffset.MaxValue);
                break;

            case "clone":
                // Clones (copy-on-write copies: catalogue rows only) of fresh objects, each source then deleted and
                // purged, so that after a kill the clone alone must hold the blocks it shares.
                for (int i = 0; i < 6; i++)
                {
                    await store.WriteAsync(User, At("c" + i), new MemoryStream(ObjectData("c" + i, killAt)));
                }

                KillAfterSteps(killAt);
                for (int i = 0; i < 6; i++)
                {
                    Step();
                    await store.CopyAsync(User, At("c" + i), At("c" + i + "-clone-" + killAt));
                    Step();
                    await store.DeleteAsync(User, At("c" + i));
                    Step();
                    await store.PurgeAsync(User, At("c" + i), DateTimeOffset.MaxValue);
                }

                break;

            case "gc":
                // Garbage to collect: the history of a versioned object (blocks of this run only), purged.
                for (int generation = 0; generation < 5; generation++)
                {
                    var data = new byte[6 * BlockSize];
                    new Random((killAt * 10) + generation).NextBytes(data);
                    await store.WriteAsync(User, At("g"), new MemoryStream(data));
                }

                await store.PurgeAsync(User, At("g"), DateTimeOffset.MaxValue);
                hooks.Arm(BlockCall.Delete, killAt);
                await store.CollectGarbageAsync(new GarbageCollectionOptions { BatchSize = 2 });
                break;

            case "scrub":
                hooks.Arm(BlockCall.Read, killAt);
                // Three runs in four start over, the fourth continues what the previous (killed) run saved.
                await store.ScrubAsync(new ScrubOptions { BatchSize = 2, Restart = killAt % 4 != 3 });
                break;

            default:
                throw new ArgumentException($"Unknown operation '{operation}'.", nameof(operation));
        }

        Console.Out.WriteLine("done");
        return 0;
    }

    private static ObjectPath At(string name) => new(User, Container, name);

    private static int s_steps;
    private static int s_killAfterSteps = -1;

    /// <summary>Arms a step-count kill: after <c>killAt / 4</c> steps, spinning <c>killAt % 4</c> × 0.2 ms into the next.</summary>
    private static void KillAfterSteps(int killAt) => s_killAfterSteps = killAt;

    private static void Step()
    {
        if (s_killAfterSteps >= 0 && s_steps++ == s_killAfterSteps / 4)
        {
            DieAfter(s_killAfterSteps % 4 * 0.2);
        }
    }

    /// <summary>Kills the process from another thread after spinning <paramref name="milliseconds"/> (the caller goes on meanwhile).</summary>
    internal static void DieAfter(double milliseconds) =>
        new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalMilliseconds < milliseconds)
            {
                Thread.SpinWait(10);
            }

            Die();
        }).Start();

    internal static void Die()
    {
        Console.Out.Flush();
        Process.GetCurrentProcess().Kill(); // SIGKILL on Unix: no finally blocks, no disposal
        Thread.Sleep(Timeout.Infinite);
    }

    internal enum BlockCall
    {
        None,
        Put,
        Read,
        Delete,
    }

    /// <summary>Passes calls through, and kills the process before (even points) or after (odd points) the (point/2)-th armed call.</summary>
    private sealed class KillingBlockStore(FileSystemBlockStore inner) : IBlockStore
    {
        private BlockCall _armed;
        private int _point = -1;
        private int _calls;

        public int BlockSize => inner.BlockSize;

        public void Arm(BlockCall call, int point)
        {
            _armed = call;
            _point = point;
        }

        public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
        {
            int call = Before(BlockCall.Put);
            BlockPutOutcome outcome = await inner.PutAsync(block, cancellationToken);
            After(BlockCall.Put, call);
            return outcome;
        }

        public async ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            int call = Before(BlockCall.Read);
            int length = await inner.ReadAsync(hash, destination, cancellationToken);
            After(BlockCall.Read, call);
            return length;
        }

        public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
            inner.GetMissingAsync(hashes, cancellationToken);

        public async ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default)
        {
            int call = Before(BlockCall.Delete);
            bool deleted = await inner.DeleteAsync(hash, cancellationToken);
            After(BlockCall.Delete, call);
            return deleted;
        }

        public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);

        private int Before(BlockCall kind)
        {
            if (kind != _armed)
            {
                return -1;
            }

            int call = Interlocked.Increment(ref _calls) - 1;
            if (call == _point / 2 && _point % 2 == 0)
            {
                Die();
            }

            return call;
        }

        private void After(BlockCall kind, int call)
        {
            if (kind == _armed && call == _point / 2 && _point % 2 == 1)
            {
                Die();
            }
        }
    }
}
