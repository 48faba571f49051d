using System.Collections.Concurrent;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Catalogue;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>Block reference counts, pins and garbage collection of the SQLite store (docs/reliability.md).</summary>
[TestFixture]
public sealed class SqliteBlockReferenceTests
{
    private const int BlockSize = 4096;
    private const string User = "alice";

    private TempDirectory? _directory;
    private string _database = string.Empty;
    private InMemoryBlockStore _blocks = null!;
    private AfterPutBlockStore _hooked = null!;
    private SqliteObjectStore _store = null!;

    [SetUp]
    public async Task OpenStore()
    {
        _directory = new TempDirectory();
        _database = _directory.Combine("catalogue.db");
        _blocks = new InMemoryBlockStore(BlockSize);
        _hooked = new AfterPutBlockStore(_blocks);
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _database }, _hooked);
        await _store.EnsureAccountAsync(User, User);
        await _store.EnsureContainerAsync(User, User, "auto");
        await _store.EnsureContainerAsync(User, User, "none", VersioningPolicy.None);
    }

    [TearDown]
    public void CloseStore()
    {
        _store.Dispose();
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    /// <summary>Blocks numbered <paramref name="ids"/>, each a full block of its own pattern (id 0 is the all-zero, empty block).</summary>
    internal static byte[] Data(params int[] ids)
    {
        byte[] data = new byte[ids.Length * BlockSize];
        for (int i = 0; i < ids.Length; i++)
        {
            if (ids[i] != 0)
            {
                new Random(ids[i]).NextBytes(data.AsSpan(i * BlockSize, BlockSize));
            }
        }

        return data;
    }

    internal static BlockHash Hash(int id) => PithosHash.Sha256(Data(id));

    [Test]
    public async Task WriteAsync_RepeatedBlock_CountsEachDistinctBlockOncePerVersion()
    {
        await WriteAsync("auto", "a", 1, 2, 1, 0);

        (await RefsAsync(1)).Should().Be(1);
        (await RefsAsync(2)).Should().Be(1);
        (await BlockReferenceAudit.ScalarAsync(_database, "SELECT COUNT(*) FROM blocks")).Should().Be(2, "the empty block is never counted");
        await AuditAsync();
    }

    [Test]
    public async Task VersionsCopiesAndMoves_EachAddOneReference()
    {
        await WriteAsync("auto", "a", 1, 2);
        await _store.UpdateMetadataAsync(User, Path("auto", "a"), "plankton", new Dictionary<string, string> { ["k"] = "v" });
        await _store.CopyAsync(User, Path("auto", "a"), Path("auto", "b"));
        await _store.MoveAsync(User, Path("auto", "b"), Path("none", "c"));

        // a: 2 versions; b: its copy (history) and the marker; c: the moved version.
        (await RefsAsync(1)).Should().Be(4);
        await AuditAsync();
    }

    [Test]
    public async Task VersioningNone_DropsOldVersionsAndTheirReferences()
    {
        await WriteAsync("none", "a", 1, 2);
        await WriteAsync("none", "a", 1, 3);
        await _store.UpdateMetadataAsync(User, Path("none", "a"), "plankton", new Dictionary<string, string> { ["k"] = "v" });

        (await RefsAsync(1)).Should().Be(1);
        (await RefsAsync(2)).Should().Be(0);
        (await RefsAsync(3)).Should().Be(1);
        await AuditAsync();
    }

    [Test]
    public async Task DeleteThenPurge_FreesOnlyUnsharedBlocks()
    {
        await WriteAsync("auto", "a", 1, 2);
        await WriteAsync("auto", "shared", 2, 3);
        await _store.DeleteAsync(User, Path("auto", "a"));
        (await RefsAsync(1)).Should().Be(1, "the history keeps the data until purged");

        await _store.PurgeAsync(User, Path("auto", "a"), DateTimeOffset.MaxValue);
        GarbageCollectionReport report = await _store.CollectGarbageAsync();

        report.Deleted.Should().Be(1);
        (await _blocks.GetMissingAsync([Hash(1), Hash(2), Hash(3)])).Should().Equal(Hash(1));
        (await ReadAsync("auto", "shared")).Should().Equal(Data(2, 3));
        (await BlockReferenceAudit.CountUnreferencedAsync(_database)).Should().Be(0);
        await AuditAsync();
    }

    [Test]
    public async Task WriteAsync_BlocksReferencedByCommittedVersions_AreNotSentToTheBlockStore()
    {
        await WriteAsync("auto", "first", 1, 2, 3);
        int putsBefore = _hooked.Puts;

        ObjectWriteResult again = await _store.WriteAsync(User, Path("auto", "second"), new MemoryStream(Data(1, 2, 3, 4)));

        (_hooked.Puts - putsBefore).Should().Be(1, "only block 4 is new; the catalogue vouches for 1, 2 and 3");
        again.Ingest.DeduplicatedBlocks.Should().Be(3);
        (await ReadAsync("auto", "second")).Should().Equal(Data(1, 2, 3, 4));
        await AuditAsync();
    }

    [Test]
    public async Task WriteHashmapAsync_AllBlocksReferenced_AsksTheBlockStoreNothing()
    {
        await WriteAsync("auto", "first", 1, 2);
        int lookupsBefore = _hooked.LookedUp;

        ObjectInfo copy = await _store.WriteHashmapAsync(User, Path("auto", "by-map"), 2 * BlockSize, [Hash(1), Hash(2)]);
        Func<Task> unknown = async () => await _store.WriteHashmapAsync(User, Path("auto", "partly"), 2 * BlockSize, [Hash(1), Hash(9)]);

        _hooked.LookedUp.Should().Be(lookupsBefore, "both blocks are referenced by a committed version");
        (await unknown.Should().ThrowAsync<MissingBlocksException>()).Which.MissingBlocks.Should().Equal(Hash(9));
        (_hooked.LookedUp - lookupsBefore).Should().Be(1, "only the block the catalogue does not vouch for is asked about");
        copy.Size.Should().Be(2 * BlockSize);
        await AuditAsync();
    }

    [Test]
    public async Task WriteAsync_ReferencedBlockRecordedAsDamaged_IsPutAgainNotTrusted()
    {
        await WriteAsync("auto", "first", 5);
        await ExecuteAsync($"INSERT INTO damaged_blocks (hash, kind, found) VALUES (X'{Hash(5)}', 1, 0);");
        int putsBefore = _hooked.Puts;

        await WriteAsync("auto", "second", 5);

        (_hooked.Puts - putsBefore).Should().Be(1, "a block scrub found damaged goes to the block store, which repairs it");
        await AuditAsync();
    }

    [Test]
    public async Task CollectGarbageAsync_PinnedBlock_IsKeptUntilTheLeaseEnds()
    {
        await _blocks.PutAsync(HashedBlock.Create(Data(7)));
        BlockLease lease = await BlockLease.AcquireAsync(_store, _store.Dialect, TimeProvider.System, TimeSpan.FromMinutes(1), 0, default);
        await lease.PinAsync([Hash(7)], TimeSpan.FromSeconds(5), default);

        GarbageCollectionReport kept = await _store.CollectGarbageAsync();
        await lease.DisposeAsync();
        GarbageCollectionReport freed = await _store.CollectGarbageAsync();

        kept.Should().Be(new GarbageCollectionReport(0, 0, 1, 0, 1));
        freed.Deleted.Should().Be(1);
        (await _blocks.GetMissingAsync([Hash(7)])).Should().Equal(Hash(7));
    }

    [Test]
    public async Task WriteAsync_CollectorRunsAfterEveryPut_DeletesNoBlockOfTheUploadInFlight()
    {
        // Garbage (present, unreferenced): 41 and 42 are blocks the upload may deduplicate against, 49 it does not use.
        foreach (int id in new[] { 41, 42, 49 })
        {
            await _blocks.PutAsync(HashedBlock.Create(Data(id)));
            await ExecuteAsync($"INSERT INTO blocks (hash) VALUES (X'{Hash(id)}');");
        }

        // After each put returns (found present or written), and before the version is committed, a full collection.
        using var one = new SemaphoreSlim(1);
        var reports = new ConcurrentQueue<GarbageCollectionReport>();
        var lost = new ConcurrentQueue<BlockHash>();
        _hooked.AfterPut = async hash =>
        {
            await one.WaitAsync();
            try
            {
                reports.Enqueue(await _store.CollectGarbageAsync());
                foreach (BlockHash missing in await _blocks.GetMissingAsync([hash]))
                {
                    lost.Enqueue(missing);
                }
            }
            finally
            {
                one.Release();
            }
        };

        byte[] data = Data(41, 42, 43, 44, 41, 45);
        var options = new ObjectWriteOptions { Ingest = new IngestOptions { MaxDegreeOfParallelism = 2 } };
        ObjectWriteResult written = await _store.WriteAsync(User, Path("auto", "image"), new MemoryStream(data), options);
        _hooked.AfterPut = null;

        lost.Should().BeEmpty("a block pinned by an upload in flight is never collected");
        // The collector ran and took garbage: 49 always, and 41 or 42 too when a run came before their pins (timing).
        reports.Should().NotBeEmpty();
        reports.Sum(r => r.Deleted).Should().BeGreaterThanOrEqualTo(1);
        (await _blocks.GetMissingAsync([Hash(49)])).Should().Equal(Hash(49));
        written.Ingest.DeduplicatedBlocks.Should().BeGreaterThanOrEqualTo(1, "the second put of block 41 finds it present, pinned, and a collection follows");
        (await ReadAsync("auto", "image")).Should().Equal(data);
        foreach (int id in new[] { 41, 42, 43, 44, 45 })
        {
            (await RefsAsync(id)).Should().Be(1);
        }

        await AuditAsync();
    }

    [Test]
    public async Task OpenAsync_LeaseOfADeadProcess_IsReleasedAndItsBlocksCollected()
    {
        await WriteAsync("auto", "a", 1);
        await _blocks.PutAsync(HashedBlock.Create(Data(8)));
        await ExecuteAsync($"""
            INSERT INTO leases (lease_id, kind, host, pid, started, expires) VALUES (99, 0, '{Environment.MachineName}', 2147483646, 1, 0);
            INSERT INTO blocks (hash) VALUES (X'{Hash(8)}');
            INSERT INTO block_pins (lease_id, hash) VALUES (99, X'{Hash(8)}');
            """);
        _store.Dispose();

        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _database }, _blocks);
        GarbageCollectionReport report = await _store.CollectGarbageAsync();

        (await BlockReferenceAudit.ScalarAsync(_database, "SELECT COUNT(*) FROM leases")).Should().Be(0);
        report.Deleted.Should().Be(1);
        (await _blocks.GetMissingAsync([Hash(1), Hash(8)])).Should().Equal(Hash(8));
        await AuditAsync();
    }

    [Test]
    public async Task OpenAsync_LeaseOfAnotherHost_IsKeptUntilItExpires()
    {
        long future = TimeProvider.System.GetUtcNow().AddHours(1).UtcTicks;
        await ExecuteAsync($"""
            INSERT INTO leases (lease_id, kind, host, pid, started, expires) VALUES (98, 0, 'elsewhere', 1, 1, {future});
            INSERT INTO leases (lease_id, kind, host, pid, started, expires) VALUES (97, 0, 'elsewhere', 1, 1, 0);
            """);

        GarbageCollectionReport report = await _store.CollectGarbageAsync();

        report.LeasesReleased.Should().Be(1);
        (await BlockReferenceAudit.ScalarAsync(_database, "SELECT lease_id FROM leases")).Should().Be(98);
    }

    [Test]
    public async Task OpenAsync_DeletionMarkedByADeadCollector_IsFinished()
    {
        await _blocks.PutAsync(HashedBlock.Create(Data(9)));
        await ExecuteAsync($"INSERT INTO blocks (hash, state, deleter) VALUES (X'{Hash(9)}', 1, 12345);");
        _store.Dispose();

        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _database }, _blocks);

        (await _blocks.GetMissingAsync([Hash(9)])).Should().Equal(Hash(9));
        (await BlockReferenceAudit.ScalarAsync(_database, "SELECT COUNT(*) FROM blocks")).Should().Be(0);
    }

    [Test]
    public async Task WriteHashmapAsync_BlockBeingDeleted_WaitsAndReportsItMissing()
    {
        await _blocks.PutAsync(HashedBlock.Create(Data(5)));
        await ExecuteAsync($"INSERT INTO blocks (hash, state, deleter) VALUES (X'{Hash(5)}', 1, 4242);");

        // The collector that marked it is gone: the upload finishes its deletion, pins, and finds the block missing.
        Func<Task> write = async () => await _store.WriteHashmapAsync(User, Path("auto", "h"), BlockSize, [Hash(5)]);

        (await write.Should().ThrowAsync<MissingBlocksException>()).Which.MissingBlocks.Should().Equal(Hash(5));
        await _blocks.PutAsync(HashedBlock.Create(Data(5)));
        await _store.WriteHashmapAsync(User, Path("auto", "h"), BlockSize, [Hash(5)]);
        (await RefsAsync(5)).Should().Be(1);
        await AuditAsync();
    }

    [Test]
    public async Task WriteAsync_BlockBeingDeletedByALiveCollector_WaitsThenWritesItAgain()
    {
        await _blocks.PutAsync(HashedBlock.Create(Data(6)));
        BlockLease collector = await BlockLease.AcquireAsync(_store, _store.Dialect, TimeProvider.System, TimeSpan.FromMinutes(1), 1, default);
        await ExecuteAsync($"INSERT INTO blocks (hash, state, deleter) VALUES (X'{Hash(6)}', 1, {collector.Id});");

        Task<ObjectInfo> write = WriteAsync("auto", "w", 6, 1);
        await Task.Delay(300);
        write.IsCompleted.Should().BeFalse("the upload waits while a live collector deletes a block it needs");

        // The collector finishes: block gone, then its row; the upload pins afresh and puts the block again.
        await _blocks.DeleteAsync(Hash(6));
        await ExecuteAsync($"DELETE FROM blocks WHERE hash = X'{Hash(6)}';");
        await write;
        await collector.DisposeAsync();

        (await ReadAsync("auto", "w")).Should().Equal(Data(6, 1));
        (await RefsAsync(6)).Should().Be(1);
        await AuditAsync();
    }

    [Test]
    public async Task WriteAsync_LeaseLostMidUpload_FailsWithConflictAndCommitsNothing()
    {
        byte[] data = Data(31, 32, 33, 34);
        var stream = new Images.CallbackStream(data, 2 * BlockSize, () => ExecuteAsync("DELETE FROM leases;"));

        Func<Task> write = async () => await _store.WriteAsync(User, Path("auto", "lost"), stream);

        await write.Should().ThrowAsync<ObjectConflictException>();
        Func<Task> info = async () => await _store.GetInfoAsync(User, Path("auto", "lost"));
        await info.Should().ThrowAsync<ObjectNotFoundException>();
        await _store.CollectGarbageAsync();
        _blocks.Count.Should().Be(0, "every block the upload wrote was registered before it was put, so the collector found it");
        await AuditAsync();
    }

    [Test]
    public async Task WriteHashmapAsync_UnreferencedBlocksPutDirectly_AreCollectedOnlyWhenUnused()
    {
        await _blocks.PutAsync(HashedBlock.Create(Data(4)));
        await _store.CollectGarbageAsync(new GarbageCollectionOptions { SweepUnregisteredBlocks = true });
        (await _blocks.GetMissingAsync([Hash(4)])).Should().Equal([Hash(4)], "a sweep registers and collects unknown blocks");

        await _blocks.PutAsync(HashedBlock.Create(Data(4)));
        await _store.WriteHashmapAsync(User, Path("auto", "h"), BlockSize, [Hash(4)]);
        GarbageCollectionReport report = await _store.CollectGarbageAsync(new GarbageCollectionOptions { SweepUnregisteredBlocks = true });

        report.Deleted.Should().Be(0);
        (await ReadAsync("auto", "h")).Should().Equal(Data(4));
    }

    [Test]
    public async Task CollectGarbageAsync_SmallBatches_ReportProgressAndFinish()
    {
        for (int i = 1; i <= 7; i++)
        {
            await WriteAsync("auto", "o" + i, i + 10);
            await _store.DeleteAsync(User, Path("auto", "o" + i));
            await _store.PurgeAsync(User, Path("auto", "o" + i), DateTimeOffset.MaxValue);
        }

        var reports = new List<GarbageCollectionReport>();
        GarbageCollectionReport report = await _store.CollectGarbageAsync(
            new GarbageCollectionOptions { BatchSize = 3, Progress = new SynchronousProgress<GarbageCollectionReport>(reports.Add) });

        report.Deleted.Should().Be(7);
        reports.Select(static r => r.Deleted).Should().Equal(3, 6, 7);
        _blocks.Count.Should().Be(0);
    }

    [Test]
    public async Task CollectGarbageAsync_Cancelled_StopsAndALaterRunContinues()
    {
        for (int i = 1; i <= 4; i++)
        {
            await WriteAsync("none", "x", i + 20);
        }

        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress<GarbageCollectionReport>(_ => cancel.Cancel());
        Func<Task> first = async () => await _store.CollectGarbageAsync(new GarbageCollectionOptions { BatchSize = 1, Progress = progress }, cancel.Token);

        await first.Should().ThrowAsync<OperationCanceledException>();
        _blocks.Count.Should().Be(3);
        (await _store.CollectGarbageAsync()).Deleted.Should().Be(2);
        _blocks.Count.Should().Be(1);
        await AuditAsync();
    }

    [Test]
    public async Task GetExclusiveBytesAsync_CountsOnlyBlocksNoOtherObjectUses()
    {
        await WriteAsync("auto", "a", 1, 2, 3);
        await _store.WriteAsync(User, Path("auto", "a"), new MemoryStream(Data(1, 4)[..(BlockSize + 100)]));
        await WriteAsync("auto", "b", 2);

        long exclusive = await _store.GetExclusiveBytesAsync(User, Path("auto", "a"));

        // Blocks 1 and 3 (full) and the 100-byte tail of the second version; block 2 is shared with b.
        exclusive.Should().Be((2 * BlockSize) + 100);
        (await _store.GetExclusiveBytesAsync(User, Path("auto", "b"))).Should().Be(0);
    }

    [Test]
    public async Task OpenAsync_Version3Catalogue_ComputesReferenceCounts()
    {
        await WriteAsync("auto", "a", 1, 2, 1);
        await WriteAsync("auto", "a", 2, 3);
        _store.Dispose();
        SqliteConnectionFactory.ClearAllPools();
        await ExecuteAsync("""
            DROP TRIGGER tr_objects_live_latest; DROP TRIGGER tr_objects_live_cluster;
            DROP INDEX ix_objects_live_size; DROP INDEX ix_objects_live_size_desc; DROP INDEX ix_objects_live_uuid;
            ALTER TABLE objects DROP COLUMN live_size; ALTER TABLE objects DROP COLUMN live_uuid;
            DROP TABLE public_urls;
            DROP TRIGGER tr_versions_refs_insert; DROP TRIGGER tr_versions_refs_delete;
            DROP TABLE block_pins; DROP TABLE leases; DROP TABLE blocks; DROP TABLE damaged_blocks; DROP TABLE maintenance_state;
            PRAGMA user_version = 3;
            """);

        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _database }, _blocks);

        (await BlockReferenceAudit.ScalarAsync(_database, "PRAGMA user_version")).Should().Be(SqliteSchema.CurrentVersion);
        (await RefsAsync(2)).Should().Be(2);
        await AuditAsync();
    }

    private static ObjectPath Path(string container, string name) => new(User, container, name);

    private async Task<ObjectInfo> WriteAsync(string container, string name, params int[] ids) =>
        (await _store.WriteAsync(User, Path(container, name), new MemoryStream(Data(ids)))).Info;

    private async Task<byte[]> ReadAsync(string container, string name)
    {
        await using Stream stream = await _store.OpenReadAsync(User, Path(container, name));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private Task<long> RefsAsync(int id) => BlockReferenceAudit.RefsAsync(_database, Hash(id));

    private Task AuditAsync() => BlockReferenceAudit.AssertConsistentAsync(_database, _blocks);

    private Task<long> ExecuteAsync(string sql) => BlockReferenceAudit.ScalarAsync(_database, sql);
}
