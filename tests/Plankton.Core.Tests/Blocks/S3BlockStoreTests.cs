using System.Buffers.Binary;
using System.Collections.Concurrent;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// The block store contract against a real S3 server (Ceph radosgw in CI, see <see cref="S3TestServer"/>), plus what
/// is particular to S3: the object layout, damage done through the raw API, foreign keys under the prefix. Runs once
/// per S3 server CI starts: Ceph radosgw and OpenStack Swift's s3api (no conditional puts).
/// </summary>
[TestFixture(S3Server.CephRgw)]
[TestFixture(S3Server.SwiftS3Api)]
public sealed class S3BlockStoreTests(S3Server kind) : BlockStoreContractTests
{
    private readonly ConcurrentDictionary<IBlockStore, S3BlockStoreOptions> _optionsOf = new();
    private S3TestServer? _server;

    protected override bool IsDurable => true;

    protected override bool CanCorruptBlocks => true;

    private S3TestServer Server => _server ?? throw new InvalidOperationException("No S3 server.");

    [OneTimeSetUp]
    public async Task ConnectAsync() => _server = await S3TestServer.ConnectOrSkipAsync(kind);

    [OneTimeTearDown]
    public async Task DisconnectAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    protected override IBlockStore CreateStore(int blockSize) => Open(Server.NewOptions(blockSize));

    protected override IBlockStore ReopenStore(IBlockStore store) => Open(_optionsOf[store]);

    protected override async Task CorruptBlockAsync(IBlockStore store, BlockHash hash)
    {
        string key = ((S3BlockStore)store).GetObjectKey(hash);
        byte[] bytes = await Server.GetObjectAsync(key);
        bytes[(bytes.Length - 16) / 2] ^= 0x10;
        await Server.PutObjectAsync(key, bytes);
    }

    protected override void CleanUpAfterTest() => _optionsOf.Clear();

    [Test]
    public async Task PutAsync_Block_IsOneObjectNamedByHashHoldingContentWithoutTrailingZerosAndTrailer()
    {
        var store = (S3BlockStore)NewStore(SmallBlockSize);
        byte[] content = RandomBytes(seed: 1, length: 1000);
        HashedBlock block = HashedBlock.Create(WithTrailingZeros(content, SmallBlockSize));

        await store.PutAsync(block);

        string key = store.KeyPrefix + block.Hash.ToString();
        store.GetObjectKey(block.Hash).Should().Be(key);
        (await Server.ListKeysAsync(store.KeyPrefix)).Should().Equal(key);
        byte[] stored = await Server.GetObjectAsync(key);
        stored.Should().HaveCount(1000 + 16, "the object is the content without trailing zeros plus a 16-byte trailer");
        ShouldEqual(stored.AsSpan(0, 1000), content);
        BinaryPrimitives.ReadUInt32LittleEndian(stored.AsSpan(1000 + 8)).Should().Be(0x31424B50u, "the trailer carries the magic PKB1");
        BinaryPrimitives.ReadInt32LittleEndian(stored.AsSpan(1000 + 12)).Should().Be(1000);
    }

    [Test]
    public async Task PutAsync_DamagedObjectNeverReadByThisInstance_ReturnsRepaired()
    {
        IBlockStore writer = NewStore();
        byte[] data = RandomBytes(seed: 2, length: 3000);
        HashedBlock block = HashedBlock.Create(data);
        await writer.PutAsync(block);
        await CorruptBlockAsync(writer, block.Hash);
        IBlockStore fresh = Reopen(writer);

        BlockPutOutcome outcome = await fresh.PutAsync(HashedBlock.Create(data));

        outcome.Should().Be(BlockPutOutcome.Repaired, "the first put of a block after opening reads the existing object whole");
        await ShouldReadBackAsync(fresh, data);
    }

    [Test]
    public async Task ReadAsync_TruncatedOrForeignObject_ThrowsBlockIntegrityExceptionAndPutRepairs()
    {
        var store = (S3BlockStore)NewStore();
        byte[] data = RandomBytes(seed: 3, length: 2000);
        HashedBlock block = HashedBlock.Create(data);
        await store.PutAsync(block);
        HashedBlock other = Block(seed: 4, length: 2000);
        await store.PutAsync(other);

        await Server.PutObjectAsync(store.GetObjectKey(block.Hash), [.. (await Server.GetObjectAsync(store.GetObjectKey(block.Hash))).Take(100)]);
        Func<Task> truncated = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]);
        (await truncated.Should().ThrowAsync<BlockIntegrityException>()).Which.Hash.Should().Be(block.Hash);

        await Server.PutObjectAsync(store.GetObjectKey(block.Hash), await Server.GetObjectAsync(store.GetObjectKey(other.Hash)));
        Func<Task> renamed = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]);
        await renamed.Should().ThrowAsync<BlockIntegrityException>("the trailer's checksum is seeded with the block's own hash");

        (await store.PutAsync(HashedBlock.Create(data))).Should().Be(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task EnumerateAsync_ForeignKeysUnderThePrefix_AreIgnored()
    {
        var store = (S3BlockStore)NewStore();
        HashedBlock block = Block(seed: 5, length: 10);
        await store.PutAsync(block);
        string hex = Block(seed: 6, length: 10).Hash.ToString();
        string[] foreign =
        [
            store.KeyPrefix + "not-a-hash",
            store.KeyPrefix + hex.ToUpperInvariant(),
            store.KeyPrefix + hex + ".tmp",
            store.KeyPrefix + hex[..63],
            store.KeyPrefix + "sub/" + hex,
            store.KeyPrefix + BlockHash.Empty.ToString(),
        ];
        foreach (string key in foreign)
        {
            await Server.PutObjectAsync(key, [1, 2, 3]);
        }

        List<BlockHash> hashes = await EnumerateAllAsync(store);

        hashes.Should().Equal(block.Hash);
    }

    [Test]
    public async Task EnumerateAsync_MoreThanOnePageOfBlocks_YieldsThemAll()
    {
        IBlockStore store = NewStore();
        HashedBlock[] blocks = [.. Enumerable.Range(0, 1100).Select(i => Block(seed: 10_000 + i, length: 8))];
        await Parallel.ForEachAsync(blocks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (b, ct) => await store.PutAsync(b, ct));

        List<BlockHash> hashes = await EnumerateAllAsync(store);

        hashes.Should().HaveCount(1100).And.BeEquivalentTo(blocks.Select(b => b.Hash));
    }

    [Test]
    public async Task PutAsync_TwoInstancesRacingOnOneBlock_NeitherOverwritesAndOneStores()
    {
        IBlockStore first = NewStore();
        IBlockStore second = Reopen(first);
        byte[] data = RandomBytes(seed: 7, length: 4000);

        BlockPutOutcome[] outcomes = await Task.WhenAll(
            Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? first : second).PutAsync(HashedBlock.Create(data)).AsTask()));

        outcomes.Should().Contain(BlockPutOutcome.Stored).And.NotContain(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(first, data);
        await ShouldReadBackAsync(second, data);
    }

    [Test]
    public void Constructor_Options_AreCopied()
    {
        S3BlockStoreOptions options = Server.NewOptions(SmallBlockSize);
        var store = Track(new S3BlockStore(options));

        options.KeyPrefix = "changed/";
        options.BucketName = "changed";

        store.KeyPrefix.Should().NotBe("changed/");
        store.BucketName.Should().Be(Server.Bucket);
    }

    private S3BlockStore Open(S3BlockStoreOptions options)
    {
        var store = new S3BlockStore(options);
        _optionsOf[store] = options;
        return store;
    }
}
