using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;
using static Plankton.Core.Tests.Objects.SqliteBlockReferenceTests;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Uploads and collections over block stores that fail (seeded faults): each operation completes or changes nothing
/// visible, and a healthy collection afterwards leaves exactly the referenced blocks (docs/reliability.md).
/// </summary>
[TestFixture]
public sealed class SqliteObjectStoreFaultTests
{
    private const string User = "alice";

    private TempDirectory? _directory;
    private FileSystemBlockStore _files = null!;
    private string _database = string.Empty;

    [SetUp]
    public void CreateFolder()
    {
        _directory = new TempDirectory();
        _database = _directory.Combine("catalogue.db");
        _files = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = _directory.Combine("blocks"), BlockSize = 4096 });
    }

    [TearDown]
    public void DeleteFolder()
    {
        _files.Dispose();
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task WriteAsync_FailingPuts_EachWriteCompletesOrLeavesNothingVisible(int seed)
    {
        // No torn writes: that fault overwrites the block's file in place, which would damage a block other versions
        // already reference (the file store never writes in place); damaged referenced blocks are the scrub tests' subject.
        var faulty = new FaultInjectingBlockStore(_files, seed, 0.15, BlockFault.ThrowBefore, BlockFault.ThrowAfter, BlockFault.DiskFull);
        var expected = new Dictionary<string, byte[]>();
        using (SqliteObjectStore store = await OpenAsync(faulty))
        {
            await store.EnsureAccountAsync(User, User);
            await store.EnsureContainerAsync(User, User, "c");
            for (int i = 0; i < 20; i++)
            {
                string name = "o" + (i % 5);
                // The last block is new to each write, so every write puts at least one block into the faulty store
                // (blocks already referenced by committed versions are vouched for by the catalogue and not put).
                byte[] data = Data(1 + (i % 7), 2 + (i % 3), 9, 1 + ((i + seed) % 11), 100 + (20 * seed) + i);
                try
                {
                    await store.WriteAsync(User, new ObjectPath(User, "c", name), new MemoryStream(data));
                    expected[name] = data;
                }
                catch (IOException)
                {
                    // The write failed: the object keeps its previous version (checked below).
                }
            }

            faulty.FaultsInjected.Should().BeGreaterThan(0);
        }

        using (SqliteObjectStore store = await OpenAsync(_files))
        {
            await store.CollectGarbageAsync();
            foreach ((string name, byte[] data) in expected)
            {
                await using Stream stream = await store.OpenReadAsync(User, new ObjectPath(User, "c", name));
                using var copy = new MemoryStream();
                await stream.CopyToAsync(copy);
                copy.ToArray().Should().Equal(data, "{0} holds its last successful write", name);
            }
        }

        SqliteConnectionFactory.ClearAllPools();
        await BlockReferenceAudit.AssertOnlyReferencedBlocksRemainAsync(_database, _files);
    }

    [Test]
    public async Task CollectGarbageAsync_FailingDelete_LeavesMarksTheNextRunFinishes()
    {
        var failing = new FailingDeleteBlockStore(_files);
        using (SqliteObjectStore store = await OpenAsync(failing))
        {
            await store.EnsureAccountAsync(User, User);
            await store.EnsureContainerAsync(User, User, "c", VersioningPolicy.None);
            await store.WriteAsync(User, new ObjectPath(User, "c", "x"), new MemoryStream(Data(1, 2, 3)));
            await store.WriteAsync(User, new ObjectPath(User, "c", "x"), new MemoryStream(Data(3, 4)));

            Func<Task> collect = async () => await store.CollectGarbageAsync();
            await collect.Should().ThrowAsync<IOException>();

            (await BlockReferenceAudit.ScalarAsync(_database, "SELECT COUNT(*) FROM blocks WHERE state = 1")).Should().BeGreaterThan(0, "the marks stay");
            Func<Task> write = async () => await store.WriteAsync(User, new ObjectPath(User, "c", "y"), new MemoryStream(Data(1)));
            await write.Should().NotThrowAsync("an upload meeting a mark of a collector that is gone finishes the deletion and writes the block again");
            await store.CollectGarbageAsync();
            (await BlockReferenceAudit.ScalarAsync(_database, "SELECT COUNT(*) FROM blocks WHERE state = 1")).Should().Be(0, "the upload finished the abandoned marks");
        }

        SqliteConnectionFactory.ClearAllPools();
        await BlockReferenceAudit.AssertOnlyReferencedBlocksRemainAsync(_database, _files);
        (await BlockReferenceAudit.RefsAsync(_database, Hash(1))).Should().Be(1);
    }

    private async Task<SqliteObjectStore> OpenAsync(IBlockStore blocks) =>
        await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = _database, BusyTimeout = TimeSpan.FromSeconds(3) }, blocks);

    /// <summary>Fails the first delete with an I/O error; everything else passes through.</summary>
    private sealed class FailingDeleteBlockStore(IBlockStore inner) : IBlockStore
    {
        private int _deletes;

        public int BlockSize => inner.BlockSize;

        public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default) => inner.PutAsync(block, cancellationToken);

        public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default) => inner.ReadAsync(hash, destination, cancellationToken);

        public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default) => inner.GetMissingAsync(hashes, cancellationToken);

        public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _deletes) == 1 ? throw new IOException("Injected failure deleting " + hash) : inner.DeleteAsync(hash, cancellationToken);

        public IAsyncEnumerable<BlockHash> EnumerateAsync(CancellationToken cancellationToken = default) => inner.EnumerateAsync(cancellationToken);
    }
}
