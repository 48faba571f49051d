using Plankton.Core.Blocks;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Blocks;

[TestFixture]
public sealed class InMemoryBlockStoreTests : BlockStoreContractTests
{
    protected override bool CanCorruptBlocks => true;

    protected override IBlockStore CreateStore(int blockSize) => new InMemoryBlockStore(blockSize);

    protected override async Task CorruptBlockAsync(IBlockStore store, BlockHash hash)
    {
        var memory = (InMemoryBlockStore)store;
        byte[] damaged = new byte[memory.BlockSize];
        int length = await memory.ReadAsync(hash, damaged);
        damaged[length / 2] ^= 0x10;
        memory.CorruptForTesting(hash, damaged[..length]);
    }

    [TestCase(0)]
    [TestCase(HashingConstants.MinBlockSize - 1)]
    [TestCase(3 * HashingConstants.MinBlockSize)]
    [TestCase(HashingConstants.MaxBlockSize * 2)]
    public void Constructor_UnsupportedBlockSize_ThrowsArgumentOutOfRangeException(int blockSize)
    {
        Action act = () => _ = new InMemoryBlockStore(blockSize);

        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("blockSize");
    }

    [Test]
    public void Constructor_NoBlockSize_UsesTheDefault()
    {
        new InMemoryBlockStore().BlockSize.Should().Be(HashingConstants.DefaultBlockSize);
    }

    [Test]
    public async Task CorruptForTesting_StoredBlock_ReadThrowsAndPutOfTheTrueBlockRepairs()
    {
        var store = Track(new InMemoryBlockStore(SmallBlockSize));
        byte[] data = RandomBytes(seed: 1, length: 600);
        HashedBlock block = HashedBlock.Create(data);
        await store.PutAsync(block);
        store.CorruptForTesting(block.Hash, RandomBytes(seed: 2, length: 600));

        Func<Task> read = async () => await store.ReadAsync(block.Hash, new byte[SmallBlockSize]);
        (await read.Should().ThrowAsync<BlockIntegrityException>()).Which.Hash.Should().Be(block.Hash);
        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data.ToArray()));

        outcome.Should().Be(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task PutAsync_CorruptBlockNeverRead_ReturnsRepaired()
    {
        var store = Track(new InMemoryBlockStore(SmallBlockSize));
        byte[] data = RandomBytes(seed: 3, length: 600);
        await store.PutAsync(HashedBlock.Create(data));
        store.CorruptForTesting(HashedBlock.Create(data).Hash, [1, 2, 3]);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        outcome.Should().Be(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task ReadAsync_CorruptCopyLongerThanBlockSize_ThrowsBlockIntegrityException()
    {
        var store = Track(new InMemoryBlockStore(SmallBlockSize));
        HashedBlock block = Block(seed: 4, length: 100);
        await store.PutAsync(block);
        store.CorruptForTesting(block.Hash, new byte[SmallBlockSize + 1]);

        Func<Task> read = async () => await store.ReadAsync(block.Hash, new byte[SmallBlockSize + 1]);

        await read.Should().ThrowAsync<BlockIntegrityException>();
    }

    [Test]
    public async Task CountAndStoredBytes_BlocksWithTrailingZeros_CountContentOnly()
    {
        var store = Track(new InMemoryBlockStore(SmallBlockSize));
        await store.PutAsync(HashedBlock.Create(WithTrailingZeros(RandomBytes(seed: 5, length: 100), SmallBlockSize)));
        await store.PutAsync(Block(seed: 6, length: 250));
        await store.PutAsync(Block(seed: 6, length: 250));
        await store.PutAsync(HashedBlock.Create(new byte[SmallBlockSize]));

        store.Count.Should().Be(2);
        store.StoredBytes.Should().Be(350);
    }
}
