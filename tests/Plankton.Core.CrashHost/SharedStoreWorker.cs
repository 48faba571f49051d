using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;
using Plankton.Core.S3;

namespace Plankton.Core.CrashHost;

/// <summary>
/// One instance of a scaled-out deployment, for the multi-instance test (docs/scale-out.md): it opens the shared
/// PostgreSQL catalogue and S3 block store named by the environment and, for a bounded time, uploads images through
/// <see cref="PithosImageBackend"/> (their blocks drawn from a pool that every worker shares, so uploads of
/// different processes deduplicate against each other), reads its own images back, deletes and purges some, and
/// collects garbage in a loop beside. Arguments: worker number, seed, seconds.
/// </summary>
/// <remarks>
/// <para>Environment: <c>PLANKTON_WORKER_PG</c> (Npgsql connection string), <c>PLANKTON_WORKER_SCHEMA</c>,
/// <c>PLANKTON_WORKER_S3_PREFIX</c>, and the <c>PLANKTON_S3_*</c> variables of the test server.</para>
/// <para>Output, one line each: <c>image &lt;id&gt; &lt;content seed&gt;</c> for every image the worker leaves active,
/// <c>stats …</c>, <c>failure …</c> for anything that went wrong (a read that missed a block or returned other bytes,
/// any exception), and <c>done</c>. The exit code is 1 when there was a failure.</para>
/// </remarks>
public static class SharedStoreWorker
{
    public const int BlockSize = 16 * 1024;
    public const string User = "multi";
    public const int SharedBlocks = 48;

    private const int OperationLoops = 2;

    /// <summary>
    /// The content of an image: 3–8 blocks, most from the pool of <see cref="SharedBlocks"/> that every worker
    /// shares, some unique to the image, a few all zeros, the last one cut short.
    /// </summary>
    public static byte[] ImageData(int contentSeed)
    {
        var random = new Random(contentSeed);
        int blocks = 3 + random.Next(6);
        int lastLength = 1 + random.Next(BlockSize);
        byte[] data = new byte[((blocks - 1) * BlockSize) + lastLength];
        for (int i = 0; i < blocks; i++)
        {
            Span<byte> block = data.AsSpan(i * BlockSize, i == blocks - 1 ? lastLength : BlockSize);
            int kind = random.Next(20);
            if (kind < 13)
            {
                byte[] shared = new byte[BlockSize];
                new Random(5000 + random.Next(SharedBlocks)).NextBytes(shared);
                shared.AsSpan(0, block.Length).CopyTo(block);
            }
            else if (kind < 19)
            {
                new Random(unchecked((contentSeed * 31) + i)).NextBytes(block);
            }

            // else: all zeros, the empty block, which is never stored.
        }

        return data;
    }

    public static async Task<int> RunAsync(int worker, int seed, int seconds)
    {
        var blockOptions = new S3BlockStoreOptions
        {
            ServiceUrl = new Uri(Variable("PLANKTON_S3_ENDPOINT")),
            Region = Variable("PLANKTON_S3_REGION"),
            BucketName = Variable("PLANKTON_S3_BUCKET"),
            KeyPrefix = Variable("PLANKTON_WORKER_S3_PREFIX"),
            AccessKey = Variable("PLANKTON_S3_ACCESS_KEY"),
            SecretKey = Variable("PLANKTON_S3_SECRET_KEY"),
            BlockSize = BlockSize,
        };
        var catalogueOptions = new PostgreSqlObjectStoreOptions
        {
            ConnectionString = Variable("PLANKTON_WORKER_PG"),
            Schema = Variable("PLANKTON_WORKER_SCHEMA"),
        };

        using var blocks = new S3BlockStore(blockOptions);
        using PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(catalogueOptions, blocks);
        var backend = new PithosImageBackend(store);
        var run = new Run(worker, store, backend, Stopwatch.StartNew(), TimeSpan.FromSeconds(seconds));
        Console.Out.WriteLine("open");

        var tasks = new List<Task> { run.CollectGarbageLoopAsync(new Random(seed)) };
        for (int loop = 0; loop < OperationLoops; loop++)
        {
            tasks.Add(run.OperationLoopAsync(loop, seed));
        }

        await Task.WhenAll(tasks);
        foreach ((Guid id, int contentSeed) in run.Active.OrderBy(static a => a.Value))
        {
            Console.Out.WriteLine($"image {id} {contentSeed.ToString(CultureInfo.InvariantCulture)}");
        }

        Console.Out.WriteLine(run.Stats);
        foreach (string failure in run.Failures)
        {
            Console.Out.WriteLine("failure " + failure.ReplaceLineEndings(" | "));
        }

        Console.Out.WriteLine("done");
        return run.Failures.IsEmpty ? 0 : 1;
    }

    private static string Variable(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new ArgumentException($"The environment variable {name} is not set.", name);

    private sealed class Run(int worker, PostgreSqlObjectStore store, PithosImageBackend backend, Stopwatch clock, TimeSpan duration)
    {
        private long _uploads;
        private long _deduplicated;
        private long _reads;
        private long _deletes;
        private long _collections;
        private long _collected;

        public ConcurrentDictionary<Guid, int> Active { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public string Stats => FormattableString.Invariant(
            $"stats uploads={_uploads} deduplicated={_deduplicated} reads={_reads} deletes={_deletes} collections={_collections} collected={_collected}");

        private bool Running => clock.Elapsed < duration && Failures.IsEmpty;

        public async Task CollectGarbageLoopAsync(Random random)
        {
            while (Running)
            {
                try
                {
                    GarbageCollectionReport report = await store.CollectGarbageAsync(new GarbageCollectionOptions { BatchSize = 8 });
                    Interlocked.Increment(ref _collections);
                    Interlocked.Add(ref _collected, report.Deleted);
                }
                catch (Exception e)
                {
                    Failures.Enqueue($"garbage collection: {e}");
                }

                await Task.Delay(random.Next(30));
            }
        }

        public async Task OperationLoopAsync(int loop, int seed)
        {
            var random = new Random((seed * 7919) + (worker * 101) + loop);
            var mine = new List<(Guid Id, int ContentSeed)>();
            int next = 0;
            while (Running)
            {
                int roll = random.Next(10);
                string step = "?";
                try
                {
                    if (mine.Count < 2 || roll < 4)
                    {
                        // Content seeds of all workers come from one small range, so whole images repeat across processes too.
                        int contentSeed = random.Next(10_000);
                        step = $"upload w{worker}-{loop}-{next} (content {contentSeed})";
                        mine.Add((await UploadAsync($"w{worker}-{loop}-{next++}", contentSeed), contentSeed));
                    }
                    else if (roll < 8)
                    {
                        (Guid id, int contentSeed) = mine[random.Next(mine.Count)];
                        step = $"read {id} (content {contentSeed})";
                        await ReadBackAsync(id, contentSeed);
                    }
                    else
                    {
                        int index = random.Next(mine.Count);
                        (Guid id, _) = mine[index];
                        mine.RemoveAt(index);
                        step = $"delete {id}";
                        await DeleteAndPurgeAsync(id);
                    }
                }
                catch (Exception e)
                {
                    Failures.Enqueue($"{step}: {e}");
                }
            }
        }

        private async Task<Guid> UploadAsync(string name, int contentSeed)
        {
            byte[] data = ImageData(contentSeed);
            Hashmap expected = await PithosStreamHasher.HashAsync(new MemoryStream(data), BlockSize);
            ImageUploadResult result = await backend.UploadAsync(
                User,
                new MemoryStream(data),
                new ImageCreateRequest { Name = name, Size = data.Length, Checksum = expected.TopHash.ToString() });
            Active[result.Image.Id] = contentSeed;
            Interlocked.Increment(ref _uploads);
            Interlocked.Add(ref _deduplicated, result.DeduplicatedBlocks);
            return result.Image.Id;
        }

        /// <summary>Reads an image of this worker (no other process deletes it) and checks every byte and the checksum.</summary>
        private async Task ReadBackAsync(Guid id, int contentSeed)
        {
            ImageRecord image = await backend.GetAsync(User, id);
            byte[] read;
            await using (Stream stream = await backend.OpenReadAsync(User, id))
            {
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                read = copy.ToArray();
            }

            Hashmap hashed = await PithosStreamHasher.HashAsync(new MemoryStream(read), BlockSize);
            if (!read.AsSpan().SequenceEqual(ImageData(contentSeed)) || hashed.TopHash.ToString() != image.Checksum)
            {
                throw new InvalidDataException($"image {id} read back {read.Length} bytes hashing to {hashed.TopHash}, not its content (checksum {image.Checksum})");
            }

            Interlocked.Increment(ref _reads);
        }

        /// <summary>Deletes an image and purges its object's whole history, so that its blocks become garbage unless shared.</summary>
        private async Task DeleteAndPurgeAsync(Guid id)
        {
            Active.TryRemove(id, out _);
            ImageRecord deleted = await backend.DeleteAsync(User, id);
            ObjectPath path = ObjectPath.ParseLocation(deleted.Location);
            await store.DeleteAsync(User, path);
            if (await store.PurgeAsync(User, path, DateTimeOffset.MaxValue) == 0)
            {
                throw new ObjectConflictException(path.ToString(), "purging removed nothing", null);
            }

            Interlocked.Increment(ref _deletes);
        }
    }
}
