using System.Collections.Concurrent;
using System.Diagnostics;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Tests.Infrastructure;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.Tests.Images;

/// <summary>
/// Issue 6's concurrency test at the image level (docs/reliability.md): eight writers upload overlapping images through
/// <see cref="PithosImageBackend"/> over a SQLite catalogue and a file-system block store, a deleter deletes images
/// (image delete, then the object's delete and a purge of its history, since the image API has no purge), readers
/// download live images, and the collector runs in a loop, for a bounded time. No read may fail during the run;
/// afterwards every active image downloads byte-identical with a checksum that verifies, every deleted one is gone,
/// and a final collection leaves no unreferenced block in the catalogue or the files.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PithosImageBackendConcurrencyTests
{
    private const int BlockSize = SqliteGarbageCollectionConcurrencyTests.BlockSize;
    private const string User = "alice";

    [Test]
    public async Task WritersDeletesReadsAndCollection_RunTogether_EveryActiveImageDownloadsIntactAndNoGarbageRemains()
    {
        await SqliteGarbageCollectionConcurrencyTests.RunOnFreshStoreAsync(async store =>
        {
            var images = new PithosImageBackend(store);
            var live = new ConcurrentDictionary<Guid, LiveImage>();
            var retiring = new ConcurrentQueue<LiveImage>();
            var deleted = new ConcurrentBag<Guid>();
            var readFailures = new ConcurrentQueue<string>();
            var clock = Stopwatch.StartNew();
            long uploads = 0;
            long reads = 0;
            long collected = 0;
            bool Running() => SqliteGarbageCollectionConcurrencyTests.KeepRunning(
                clock, () => deleted.Count >= 8 && Interlocked.Read(ref reads) >= 8 && Interlocked.Read(ref collected) > 0);

            // Each writer keeps its two newest images and hands older ones to the deleter.
            Task[] writers = [.. Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                var mine = new Queue<LiveImage>();
                for (int k = 0; Running(); k++)
                {
                    byte[] data = SqliteGarbageCollectionConcurrencyTests.Data(w, k);
                    ImageRecord image = await images.PutAsync(User, new MemoryStream(data), new ImageCreateRequest { Name = $"w{w}-{k % 3}", FileName = $"w{w}/{k}" });
                    var entry = new LiveImage(image, data);
                    live[image.Id] = entry;
                    mine.Enqueue(entry);
                    Interlocked.Increment(ref uploads);
                    if (mine.Count > 2)
                    {
                        LiveImage old = mine.Dequeue();
                        live.TryRemove(old.Image.Id, out _);
                        retiring.Enqueue(old);
                    }
                }
            }))];
            Task deleter = Task.Run(async () =>
            {
                while (Running())
                {
                    if (!retiring.TryDequeue(out LiveImage? old))
                    {
                        await Task.Delay(1);
                        continue;
                    }

                    // Wait for a reader that took the image before it was retired; none takes it afterwards.
                    await old.Gate.WaitAsync();
                    old.Retired = true;
                    old.Gate.Release();
                    await images.DeleteAsync(User, old.Image.Id);
                    ObjectPath path = ObjectPath.ParseLocation(old.Image.Location);
                    await store.DeleteAsync(User, path);
                    await store.PurgeAsync(User, path, DateTimeOffset.MaxValue);
                    deleted.Add(old.Image.Id);
                }
            });
            Task[] readers = [.. Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
            {
                var random = new Random(r);
                while (Running())
                {
                    LiveImage[] candidates = [.. live.Values];
                    if (candidates.Length == 0)
                    {
                        await Task.Delay(1);
                        continue;
                    }

                    LiveImage entry = candidates[random.Next(candidates.Length)];
                    await entry.Gate.WaitAsync();
                    try
                    {
                        if (!entry.Retired)
                        {
                            byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await images.OpenReadAsync(User, entry.Image.Id));
                            if (!read.AsSpan().SequenceEqual(entry.Data))
                            {
                                readFailures.Enqueue($"{entry.Image.Id}: read other bytes");
                            }

                            Interlocked.Increment(ref reads);
                        }
                    }
                    catch (Exception ex) when (ex is PlanktonException or IOException)
                    {
                        readFailures.Enqueue($"{entry.Image.Id}: {ex}");
                    }
                    finally
                    {
                        entry.Gate.Release();
                    }

                    await Task.Delay(1); // paced, so that reads do not crowd the writers and the deleter out of the catalogue
                }
            }))];
            Task collector = Task.Run(async () =>
            {
                while (Running())
                {
                    GarbageCollectionReport report = await store.CollectGarbageAsync(new GarbageCollectionOptions { BatchSize = 8 });
                    Interlocked.Add(ref collected, report.Deleted);
                }
            });
            await Task.WhenAll([.. writers, deleter, .. readers, collector]);

            await TestContext.Out.WriteLineAsync($"uploads {uploads}, reads {reads}, deleted {deleted.Count}, collected {collected}");
            readFailures.Should().BeEmpty("no live image ever failed a read (a missing block would be a collected referenced block)");
            uploads.Should().BeGreaterThan(16, "the writers uploaded more than they keep");
            deleted.Should().HaveCountGreaterThanOrEqualTo(8, "the deleter really deleted images while the writers ran");
            reads.Should().BeGreaterThanOrEqualTo(8, "readers downloaded live images while the rest ran");
            collected.Should().BeGreaterThan(0, "the collector really deleted blocks while the writers ran");

            foreach (LiveImage entry in live.Values.Concat(retiring))
            {
                ImageRecord image = await images.GetAsync(User, entry.Image.Id);
                image.Status.Should().Be(ImageStatus.Active);
                byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await images.OpenReadAsync(User, image.Id));
                read.Should().Equal(entry.Data, "image {0} downloads as uploaded", image.Name);
                Hashmap hashed = await PithosStreamHasher.HashAsync(new MemoryStream(read), BlockSize);
                image.Checksum.Should().Be(hashed.TopHash.ToString(), "the checksum of image {0} verifies", image.Name);
            }

            foreach (Guid id in deleted)
            {
                Func<Task> get = async () => await images.GetAsync(User, id);
                await get.Should().ThrowAsync<ImageNotFoundException>("deleted and purged image {0} is gone", id);
            }
        });
    }

    /// <summary>An uploaded image and its data; readers hold the gate while reading, the deleter takes it to retire the image.</summary>
    private sealed class LiveImage(ImageRecord image, byte[] data)
    {
        public ImageRecord Image { get; } = image;

        public byte[] Data { get; } = data;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public bool Retired { get; set; }
    }
}
