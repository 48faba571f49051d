using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// An upload's blocks are pinned, group-committed, before they are put, so a collection that runs while the upload
/// is in flight (its blocks pinned, its version not yet committed) deletes none of them (docs/reliability.md).
/// </summary>
[TestFixture]
public sealed class SqliteUploadPinTests
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
    }

    [TearDown]
    public void CloseStore()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }

    [Test]
    public async Task WriteAsync_CollectorRunsAfterEveryPut_DeletesNoBlockOfTheUploadInFlight()
    {
        // Garbage (present, unreferenced): 41 and 42 are blocks the upload may deduplicate against, 49 it does not use.
        foreach (int id in new[] { 41, 42, 49 })
        {
            await _blocks.PutAsync(HashedBlock.Create(Data(id)));
            await BlockReferenceAudit.ScalarAsync(_database, $"INSERT INTO blocks (hash) VALUES (X'{Hash(id)}');");
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
        ObjectWriteResult written = await _store.WriteAsync(User, new ObjectPath(User, "auto", "image"), new MemoryStream(data), options);
        _hooked.AfterPut = null;

        lost.Should().BeEmpty("a block pinned by an upload in flight is never collected");
        // The collector ran and took garbage: 49 always, and 41 or 42 too when a run came before their pins (timing).
        reports.Should().NotBeEmpty();
        reports.Sum(r => r.Deleted).Should().BeGreaterThanOrEqualTo(1);
        (await _blocks.GetMissingAsync([Hash(49)])).Should().Equal(Hash(49));
        written.Ingest.DeduplicatedBlocks.Should().BeGreaterThanOrEqualTo(1, "the second put of block 41 finds it present, pinned, and a collection follows");
        (await ReadAsync("image")).Should().Equal(data);
        foreach (int id in new[] { 41, 42, 43, 44, 45 })
        {
            (await BlockReferenceAudit.RefsAsync(_database, Hash(id))).Should().Be(1);
        }

        await BlockReferenceAudit.AssertConsistentAsync(_database, _blocks);
    }

    private static byte[] Data(params int[] ids) => SqliteBlockReferenceTests.Data(ids);

    private static BlockHash Hash(int id) => SqliteBlockReferenceTests.Hash(id);

    private async Task<byte[]> ReadAsync(string name)
    {
        await using Stream stream = await _store.OpenReadAsync(User, new ObjectPath(User, "auto", name));
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    /// <summary>A block store that runs a callback after each put has returned (through batches too: the default batch puts through <see cref="PutAsync"/>).</summary>
    private sealed class AfterPutBlockStore(IBlockStore inner) : IBlockStore
    {
        public Func<BlockHash, Task>? AfterPut { get; set; }

        public int BlockSize => inner.BlockSize;

        public async ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
        {
            BlockPutOutcome outcome = await inner.PutAsync(block, cancellationToken);
            if (AfterPut is { } callback && !block.Hash.IsEmpty)
            {
                await callback(block.Hash);
            }

            return outcome;
        }

        public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(hash, destination, cancellationToken);

        public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) =>
            inner.GetMissingAsync(hashes, cancellationToken);

        public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) => inner.DeleteAsync(hash, cancellationToken);

        public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);
    }
}
