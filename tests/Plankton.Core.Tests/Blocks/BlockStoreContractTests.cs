using System.Collections.Concurrent;
using Plankton.Core.Blocks;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// The <see cref="IBlockStore"/> contract, written once: every implementation gets a small sealed
/// <c>[TestFixture]</c> subclass that says how to make a store and which capabilities it has.
/// </summary>
/// <remarks>
/// Stores made through <see cref="NewStore"/> are disposed after each test (when disposable), then
/// <see cref="CleanUpAfterTest"/> runs. Tests that need a capability an implementation lacks are skipped with
/// <see cref="Assume"/>, so the skip shows in the results.
/// </remarks>
public abstract class BlockStoreContractTests
{
    /// <summary>The block size most tests use: the smallest supported, for speed.</summary>
    protected const int SmallBlockSize = HashingConstants.MinBlockSize;

    /// <summary>The Pithos default block size (4 MiB).</summary>
    protected const int DefaultBlockSize = HashingConstants.DefaultBlockSize;

    private readonly List<IBlockStore> _stores = [];

    /// <summary>Gets a value indicating whether blocks survive the store being closed and opened again (see <see cref="ReopenStore"/>).</summary>
    protected virtual bool IsDurable => false;

    /// <summary>
    /// Gets a value indicating whether concurrent puts of one block on one store instance are serialised, so that
    /// exactly one of them reports <see cref="BlockPutOutcome.Stored"/>.
    /// </summary>
    protected virtual bool SerialisesConcurrentPuts => true;

    /// <summary>Gets a value indicating whether the fixture can damage a stored block (see <see cref="CorruptBlockAsync"/>).</summary>
    protected virtual bool CanCorruptBlocks => false;

    /// <summary>Makes a new, empty store.</summary>
    /// <param name="blockSize">The block size.</param>
    /// <returns>The store; the base class disposes it after the test when it is disposable.</returns>
    protected abstract IBlockStore CreateStore(int blockSize);

    /// <summary>Opens a second instance over the same storage as <paramref name="store"/> (durable stores only).</summary>
    /// <param name="store">A store made by <see cref="CreateStore"/>; it may already be disposed.</param>
    /// <returns>The new instance.</returns>
    protected virtual IBlockStore ReopenStore(IBlockStore store) =>
        throw new NotSupportedException($"{GetType().Name} does not support reopening; set {nameof(IsDurable)} only when it does.");

    /// <summary>Damages the stored copy of a block without changing its length, as bit rot would.</summary>
    /// <param name="store">The store holding the block.</param>
    /// <param name="hash">The block to damage.</param>
    /// <returns>A task that completes when the block is damaged.</returns>
    protected virtual Task CorruptBlockAsync(IBlockStore store, BlockHash hash) =>
        throw new NotSupportedException($"{GetType().Name} cannot corrupt blocks; set {nameof(CanCorruptBlocks)} only when it can.");

    /// <summary>Runs after each test, once the test's stores are disposed.</summary>
    protected virtual void CleanUpAfterTest()
    {
    }

    [TearDown]
    public void DisposeStoresAndCleanUp()
    {
        try
        {
            for (int i = _stores.Count - 1; i >= 0; i--)
            {
                (_stores[i] as IDisposable)?.Dispose();
            }
        }
        finally
        {
            _stores.Clear();
            CleanUpAfterTest();
        }
    }

    // ---- PutAsync ------------------------------------------------------------------------------------------

    [Test]
    public async Task PutAsync_NewBlock_ReturnsStored()
    {
        IBlockStore store = NewStore();

        BlockPutOutcome outcome = await store.PutAsync(Block(seed: 1, length: 1000));

        outcome.Should().Be(BlockPutOutcome.Stored);
    }

    [Test]
    public async Task PutAsync_SameBlockTwice_ReturnsStoredThenAlreadyPresent()
    {
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 2, length: 3000);

        BlockPutOutcome first = await store.PutAsync(HashedBlock.Create(data));
        BlockPutOutcome second = await store.PutAsync(HashedBlock.Create(data.ToArray()));

        first.Should().Be(BlockPutOutcome.Stored);
        second.Should().Be(BlockPutOutcome.AlreadyPresent);
    }

    [Test]
    public async Task PutAsync_SameContentWithMoreTrailingZeros_ReturnsAlreadyPresent()
    {
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 3, length: 500);
        HashedBlock padded = HashedBlock.Create(WithTrailingZeros(data, SmallBlockSize));

        BlockPutOutcome first = await store.PutAsync(HashedBlock.Create(data));
        BlockPutOutcome second = await store.PutAsync(padded);

        padded.Hash.Should().Be(HashedBlock.Create(data).Hash, "trailing zeros are not part of a block's content");
        first.Should().Be(BlockPutOutcome.Stored);
        second.Should().Be(BlockPutOutcome.AlreadyPresent);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(SmallBlockSize)]
    public async Task PutAsync_EmptyOrAllZeroBlock_ReturnsAlreadyPresentAndStoresNothing(int length)
    {
        IBlockStore store = NewStore();
        HashedBlock block = HashedBlock.Create(new byte[length]);

        BlockPutOutcome outcome = await store.PutAsync(block);

        block.Hash.Should().Be(BlockHash.Empty);
        outcome.Should().Be(BlockPutOutcome.AlreadyPresent);
        (await EnumerateAllAsync(store)).Should().BeEmpty();
    }

    [TestCase(SmallBlockSize + 1, SmallBlockSize + 1)]
    [TestCase(SmallBlockSize + 1, 10)]
    [TestCase(SmallBlockSize + 1, 0)]
    [TestCase(2 * SmallBlockSize, 2 * SmallBlockSize)]
    public async Task PutAsync_BlockLongerThanBlockSize_ThrowsArgumentExceptionAndStoresNothing(int length, int contentLength)
    {
        IBlockStore store = NewStore(SmallBlockSize);
        HashedBlock block = HashedBlock.Create(WithTrailingZeros(RandomBytes(seed: 4, length: contentLength), length));

        Func<Task> act = async () => await store.PutAsync(block);

        (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("block");
        (await EnumerateAllAsync(store)).Should().BeEmpty();
    }

    [Test]
    public async Task PutAsync_BlockOfExactlyBlockSize_IsStoredAndReadsBack()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] data = RandomBytes(seed: 5, length: SmallBlockSize);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        outcome.Should().Be(BlockPutOutcome.Stored);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task PutAsync_DefaultHashedBlock_ThrowsArgumentExceptionAndStoresNothing()
    {
        IBlockStore store = NewStore();

        Func<Task> act = async () => await store.PutAsync(default);

        await act.Should().ThrowAsync<ArgumentException>().WithMessage("*HashedBlock.Create*");
        (await EnumerateAllAsync(store)).Should().BeEmpty();
    }

    [Test]
    public async Task PutAsync_CancelledToken_ThrowsOperationCanceledAndStoresNothing()
    {
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 6, length: 2000);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () => await store.PutAsync(block, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
        (await EnumerateAllAsync(store)).Should().BeEmpty();
    }

    [Test]
    public async Task PutAsync_CallerChangesBufferAfterPut_StoredCopyIsUnaffected()
    {
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 7, length: 1500);
        byte[] original = data.ToArray();
        HashedBlock block = HashedBlock.Create(data);

        await store.PutAsync(block);
        Array.Fill(data, (byte)0x5A);

        byte[] destination = new byte[store.BlockSize];
        int length = await store.ReadAsync(block.Hash, destination);
        length.Should().Be(original.Length);
        ShouldEqual(destination.AsSpan(0, length), original);
    }

    // ---- ReadAsync -----------------------------------------------------------------------------------------

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(17)]
    [TestCase(4095)]
    [TestCase(SmallBlockSize)]
    public async Task ReadAsync_StoredBlock_ReturnsItsLengthAndBytes(int length)
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] data = RandomBytes(seed: 100 + length, length: length);
        await store.PutAsync(HashedBlock.Create(data));

        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task ReadAsync_BlockWithTrailingZeros_ReturnsContentLengthWithoutThem()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] content = RandomBytes(seed: 8, length: 100);
        byte[] block = WithTrailingZeros(content, 300);
        HashedBlock hashed = HashedBlock.Create(block);
        await store.PutAsync(hashed);

        byte[] destination = new byte[SmallBlockSize];
        int length = await store.ReadAsync(hashed.Hash, destination);

        length.Should().Be(100);
        ShouldEqual(destination.AsSpan(0, block.Length), block);
    }

    [Test]
    public async Task ReadAsync_DirtyDestination_IsPaddedWithZerosToBlockSize()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] data = RandomBytes(seed: 9, length: 777);
        HashedBlock block = HashedBlock.Create(data);
        await store.PutAsync(block);
        byte[] destination = new byte[SmallBlockSize];
        Array.Fill(destination, (byte)0xFF);

        int length = await store.ReadAsync(block.Hash, destination);

        length.Should().Be(777);
        ShouldEqual(destination.AsSpan(0, length), data);
        destination.AsSpan(length).IndexOfAnyExcept((byte)0).Should().Be(-1, "the rest of the block reads as zeros");
    }

    [Test]
    public async Task ReadAsync_DestinationLongerThanBlockSize_LeavesBytesBeyondBlockSizeUntouched()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] data = RandomBytes(seed: 10, length: 50);
        HashedBlock block = HashedBlock.Create(data);
        await store.PutAsync(block);
        byte[] destination = new byte[SmallBlockSize + 64];
        Array.Fill(destination, (byte)0xAA);

        int length = await store.ReadAsync(block.Hash, destination);

        length.Should().Be(50);
        ShouldEqual(destination.AsSpan(0, 50), data);
        destination.AsSpan(50, SmallBlockSize - 50).IndexOfAnyExcept((byte)0).Should().Be(-1);
        destination.AsSpan(SmallBlockSize).IndexOfAnyExcept((byte)0xAA).Should().Be(-1, "only the first BlockSize bytes are written");
    }

    [Test]
    public async Task ReadAsync_DestinationShorterThanBlockSize_ThrowsArgumentException()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        HashedBlock block = Block(seed: 11, length: 10);
        await store.PutAsync(block);
        byte[] destination = new byte[SmallBlockSize - 1];

        Func<Task> stored = async () => await store.ReadAsync(block.Hash, destination);
        Func<Task> empty = async () => await store.ReadAsync(BlockHash.Empty, destination);
        Func<Task> missing = async () => await store.ReadAsync(Block(seed: 12, length: 10).Hash, destination);

        (await stored.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("destination");
        (await empty.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("destination");
        (await missing.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("destination");
    }

    [Test]
    public async Task ReadAsync_MissingHash_ThrowsBlockNotFoundExceptionCarryingTheHash()
    {
        IBlockStore store = NewStore();
        await store.PutAsync(Block(seed: 13, length: 10));
        BlockHash missing = Block(seed: 14, length: 10).Hash;

        Func<Task> act = async () => await store.ReadAsync(missing, new byte[store.BlockSize]);

        (await act.Should().ThrowAsync<BlockNotFoundException>()).Which.Hash.Should().Be(missing);
    }

    [Test]
    public async Task ReadAsync_EmptyHash_ReturnsZeroAndFillsZeros()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] destination = new byte[SmallBlockSize];
        Array.Fill(destination, (byte)0x77);

        int length = await store.ReadAsync(BlockHash.Empty, destination);

        length.Should().Be(0);
        destination.AsSpan().IndexOfAnyExcept((byte)0).Should().Be(-1);
    }

    [Test]
    public async Task ReadAsync_CancelledToken_ThrowsOperationCanceledException()
    {
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 15, length: 10);
        await store.PutAsync(block);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize], cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task ReadAsync_ManyBlocks_EachReadsBackByteIdentical()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        var blocks = new List<byte[]>();
        for (int i = 0; i < 40; i++)
        {
            byte[] content = RandomBytes(seed: 1000 + i, length: 1 + (i * 97 % SmallBlockSize));
            blocks.Add(i % 3 == 0 ? WithTrailingZeros(content, SmallBlockSize) : content);
        }

        foreach (byte[] data in blocks)
        {
            await store.PutAsync(HashedBlock.Create(data));
        }

        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(store, data);
        }
    }

    [Test]
    public async Task ReadAsync_CorruptBlock_ThrowsBlockIntegrityExceptionCarryingTheHash()
    {
        Assume.That(CanCorruptBlocks, Is.True, $"{GetType().Name} cannot corrupt blocks");
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 16, length: 1234);
        await store.PutAsync(block);
        await CorruptBlockAsync(store, block.Hash);

        Func<Task> act = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]);

        (await act.Should().ThrowAsync<BlockIntegrityException>()).Which.Hash.Should().Be(block.Hash);
    }

    [Test]
    public async Task PutAsync_CorruptBlockAfterReadFoundIt_ReturnsRepairedAndReadsBack()
    {
        Assume.That(CanCorruptBlocks, Is.True, $"{GetType().Name} cannot corrupt blocks");
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 17, length: 2345);
        HashedBlock block = HashedBlock.Create(data);
        await store.PutAsync(block);
        await CorruptBlockAsync(store, block.Hash);
        Func<Task> read = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]);
        await read.Should().ThrowAsync<BlockIntegrityException>();

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data.ToArray()));

        outcome.Should().Be(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(store, data);
        (await store.PutAsync(block)).Should().Be(BlockPutOutcome.AlreadyPresent);
    }

    // ---- GetMissingAsync -----------------------------------------------------------------------------------

    [Test]
    public async Task GetMissingAsync_MixedHashes_ReturnsDistinctMissingOnesInFirstSeenOrder()
    {
        IBlockStore store = NewStore();
        HashedBlock stored1 = Block(seed: 20, length: 10);
        HashedBlock stored2 = Block(seed: 21, length: 20);
        BlockHash missing1 = Block(seed: 22, length: 30).Hash;
        BlockHash missing2 = Block(seed: 23, length: 40).Hash;
        BlockHash missing3 = Block(seed: 24, length: 50).Hash;
        await store.PutAsync(stored1);
        await store.PutAsync(stored2);

        IReadOnlyList<BlockHash> missing = await store.GetMissingAsync(
            [missing2, stored1.Hash, missing1, BlockHash.Empty, missing2, stored2.Hash, missing3, missing1, BlockHash.Empty]);

        missing.Should().Equal(missing2, missing1, missing3);
    }

    [Test]
    public async Task GetMissingAsync_OnlyEmptyHash_ReturnsNothing()
    {
        IBlockStore store = NewStore();

        IReadOnlyList<BlockHash> missing = await store.GetMissingAsync([BlockHash.Empty, BlockHash.Empty]);

        missing.Should().BeEmpty();
    }

    [Test]
    public async Task GetMissingAsync_EmptyList_ReturnsNothing()
    {
        IBlockStore store = NewStore();

        IReadOnlyList<BlockHash> missing = await store.GetMissingAsync([]);

        missing.Should().BeEmpty();
    }

    [Test]
    public async Task GetMissingAsync_AllStored_ReturnsNothing()
    {
        IBlockStore store = NewStore();
        var hashes = new List<BlockHash>();
        for (int i = 0; i < 10; i++)
        {
            HashedBlock block = Block(seed: 30 + i, length: 100 + i);
            await store.PutAsync(block);
            hashes.Add(block.Hash);
        }

        IReadOnlyList<BlockHash> missing = await store.GetMissingAsync(hashes);

        missing.Should().BeEmpty();
    }

    [Test]
    public async Task GetMissingAsync_Null_ThrowsArgumentNullException()
    {
        IBlockStore store = NewStore();

        Func<Task> act = async () => await store.GetMissingAsync(null!);

        (await act.Should().ThrowAsync<ArgumentNullException>()).Which.ParamName.Should().Be("hashes");
    }

    [Test]
    public async Task GetMissingAsync_CancelledToken_ThrowsOperationCanceledException()
    {
        IBlockStore store = NewStore();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () => await store.GetMissingAsync([Block(seed: 40, length: 10).Hash], cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    // ---- DeleteAsync ---------------------------------------------------------------------------------------

    [Test]
    public async Task DeleteAsync_StoredBlock_ReturnsTrueThenFalse()
    {
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 50, length: 100);
        await store.PutAsync(block);

        bool first = await store.DeleteAsync(block.Hash);
        bool second = await store.DeleteAsync(block.Hash);

        first.Should().BeTrue();
        second.Should().BeFalse();
    }

    [Test]
    public async Task DeleteAsync_StoredBlock_IsThenNotFoundMissingAndNotEnumerated()
    {
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 51, length: 100);
        await store.PutAsync(block);

        await store.DeleteAsync(block.Hash);

        Func<Task> read = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]);
        (await read.Should().ThrowAsync<BlockNotFoundException>()).Which.Hash.Should().Be(block.Hash);
        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
        (await EnumerateAllAsync(store)).Should().BeEmpty();
    }

    [Test]
    public async Task DeleteAsync_OneOfSeveralBlocks_LeavesTheOthers()
    {
        IBlockStore store = NewStore();
        byte[] keep1 = RandomBytes(seed: 52, length: 100);
        byte[] keep2 = RandomBytes(seed: 53, length: 200);
        HashedBlock gone = Block(seed: 54, length: 300);
        await store.PutAsync(HashedBlock.Create(keep1));
        await store.PutAsync(gone);
        await store.PutAsync(HashedBlock.Create(keep2));

        (await store.DeleteAsync(gone.Hash)).Should().BeTrue();

        await ShouldReadBackAsync(store, keep1);
        await ShouldReadBackAsync(store, keep2);
        (await EnumerateAllAsync(store)).Should().BeEquivalentTo([HashedBlock.Create(keep1).Hash, HashedBlock.Create(keep2).Hash]);
    }

    [Test]
    public async Task DeleteAsync_MissingHash_ReturnsFalse()
    {
        IBlockStore store = NewStore();
        await store.PutAsync(Block(seed: 55, length: 10));

        bool deleted = await store.DeleteAsync(Block(seed: 56, length: 10).Hash);

        deleted.Should().BeFalse();
    }

    [Test]
    public async Task DeleteAsync_EmptyHash_ReturnsFalseAndEmptyStaysReadable()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        await store.PutAsync(HashedBlock.Create(new byte[SmallBlockSize]));

        bool deleted = await store.DeleteAsync(BlockHash.Empty);

        deleted.Should().BeFalse();
        (await store.ReadAsync(BlockHash.Empty, new byte[SmallBlockSize])).Should().Be(0);
        (await store.GetMissingAsync([BlockHash.Empty])).Should().BeEmpty();
    }

    [Test]
    public async Task DeleteAsync_ThenPutAgain_ReturnsStoredAndReadsBack()
    {
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 57, length: 999);
        await store.PutAsync(HashedBlock.Create(data));
        await store.DeleteAsync(HashedBlock.Create(data).Hash);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        outcome.Should().Be(BlockPutOutcome.Stored);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task DeleteAsync_CancelledToken_ThrowsOperationCanceledAndKeepsTheBlock()
    {
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 58, length: 10);
        await store.PutAsync(HashedBlock.Create(data));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () => await store.DeleteAsync(HashedBlock.Create(data).Hash, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        await ShouldReadBackAsync(store, data);
    }

    // ---- EnumerateAsync ------------------------------------------------------------------------------------

    [Test]
    public async Task EnumerateAsync_EmptyStore_YieldsNothing()
    {
        IBlockStore store = NewStore();

        List<BlockHash> hashes = await EnumerateAllAsync(store);

        hashes.Should().BeEmpty();
    }

    [Test]
    public async Task EnumerateAsync_StoredBlocks_YieldsExactlyTheirHashesOnce()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        var expected = new HashSet<BlockHash>();
        for (int i = 0; i < 60; i++)
        {
            HashedBlock block = Block(seed: 60 + i, length: 1 + (i * 61));
            await store.PutAsync(block);
            await store.PutAsync(block);
            expected.Add(block.Hash);
        }

        await store.PutAsync(HashedBlock.Create(new byte[SmallBlockSize]));
        HashedBlock deleted = Block(seed: 200, length: 10);
        await store.PutAsync(deleted);
        await store.DeleteAsync(deleted.Hash);

        List<BlockHash> hashes = await EnumerateAllAsync(store);

        hashes.Should().OnlyHaveUniqueItems();
        hashes.Should().BeEquivalentTo(expected);
        hashes.Should().NotContain(BlockHash.Empty);
    }

    [Test]
    public async Task EnumerateAsync_CancelledToken_ThrowsOperationCanceledException()
    {
        IBlockStore store = NewStore();
        await store.PutAsync(Block(seed: 201, length: 10));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () =>
        {
            await foreach (BlockHash hash in store.EnumerateAsync(cts.Token))
            {
                _ = hash;
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    // ---- Concurrency ---------------------------------------------------------------------------------------

    [TestCase(SmallBlockSize, 16, 20)]
    [TestCase(DefaultBlockSize, 8, 6)]
    public async Task PutAsync_ManyConcurrentPutsOfOneBlock_AllSucceedAndExactlyOneStores(int blockSize, int threads, int rounds)
    {
        IBlockStore store = NewStore(blockSize);
        var blocks = new List<byte[]>();
        for (int round = 0; round < rounds; round++)
        {
            byte[] data = RandomBytes(seed: 300 + round, length: blockSize - round);
            HashedBlock[] copies = [.. Enumerable.Range(0, threads).Select(_ => HashedBlock.Create(data.ToArray()))];
            var outcomes = new ConcurrentBag<BlockPutOutcome>();

            RunOnThreadsTogether(threads, i => outcomes.Add(store.PutAsync(copies[i]).AsTask().GetAwaiter().GetResult()));

            outcomes.Should().HaveCount(threads).And.NotContain(BlockPutOutcome.Repaired);
            if (SerialisesConcurrentPuts)
            {
                outcomes.Count(o => o == BlockPutOutcome.Stored).Should().Be(1, "round {0} puts one block from {1} threads at once", round, threads);
            }
            else
            {
                outcomes.Should().Contain(BlockPutOutcome.Stored);
            }

            blocks.Add(data);
        }

        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(store, data);
        }

        (await EnumerateAllAsync(store)).Should().BeEquivalentTo(blocks.Select(b => HashedBlock.Create(b).Hash));
    }

    [Test]
    public async Task PutAsync_ConcurrentPutsOfDistinctAndRepeatedBlocks_OneStoredPerBlockAndAllReadBack()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        const int Distinct = 24;
        const int Copies = 6;
        byte[][] blocks = new byte[Distinct][];
        for (int i = 0; i < Distinct; i++)
        {
            byte[] content = RandomBytes(seed: 400 + i, length: 1 + (i * 173 % SmallBlockSize));
            blocks[i] = i % 4 == 0 ? WithTrailingZeros(content, SmallBlockSize) : content;
        }

        var outcomes = new ConcurrentBag<(BlockHash Hash, BlockPutOutcome Outcome)>();
        int[] work = [.. Enumerable.Range(0, Distinct * Copies).Select(i => (i * 7) % Distinct)];

        await RunConcurrentlyAsync(
            work,
            async (index, ct) =>
            {
                HashedBlock block = HashedBlock.Create(blocks[index].ToArray());
                outcomes.Add((block.Hash, await store.PutAsync(block, ct)));
            });

        outcomes.Should().HaveCount(Distinct * Copies);
        outcomes.Select(o => o.Outcome).Should().NotContain(BlockPutOutcome.Repaired);
        foreach (IGrouping<BlockHash, (BlockHash Hash, BlockPutOutcome Outcome)> group in outcomes.GroupBy(o => o.Hash))
        {
            int stored = group.Count(o => o.Outcome == BlockPutOutcome.Stored);
            if (SerialisesConcurrentPuts)
            {
                stored.Should().Be(1, "block {0} must be stored exactly once", group.Key);
            }
            else
            {
                stored.Should().BePositive();
            }
        }

        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(store, data);
        }

        (await EnumerateAllAsync(store)).Should().BeEquivalentTo(blocks.Select(b => HashedBlock.Create(b).Hash));
    }

    [Test]
    public async Task ReadAsync_ManyConcurrentReaders_AllGetTheSameBytes()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] data = RandomBytes(seed: 500, length: 3333);
        await store.PutAsync(HashedBlock.Create(data));
        BlockHash hash = HashedBlock.Create(data).Hash;
        int failures = 0;

        await RunConcurrentlyAsync(
            [.. Enumerable.Range(0, 200)],
            async (_, ct) =>
            {
                byte[] destination = new byte[SmallBlockSize];
                int length = await store.ReadAsync(hash, destination, ct);
                if (length != data.Length || !destination.AsSpan(0, length).SequenceEqual(data) || destination.AsSpan(length).ContainsAnyExcept((byte)0))
                {
                    Interlocked.Increment(ref failures);
                }
            });

        failures.Should().Be(0);
    }

    [Test]
    public async Task ReadAsync_ConcurrentWithPutsAndDeletes_SeesTheWholeBlockOrNotFound()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[] data = RandomBytes(seed: 501, length: SmallBlockSize);
        BlockHash hash = HashedBlock.Create(data).Hash;
        using var writerDone = new CancellationTokenSource();
        int wholeReads = 0;
        int notFound = 0;
        int bad = 0;

        Task writer = Task.Run(async () =>
        {
            try
            {
                for (int i = 0; i < 40; i++)
                {
                    await store.PutAsync(HashedBlock.Create(data));
                    await store.DeleteAsync(hash);
                }

                await store.PutAsync(HashedBlock.Create(data));
            }
            finally
            {
                await writerDone.CancelAsync();
            }
        });

        Task[] readers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            byte[] destination = new byte[SmallBlockSize];
            while (!writerDone.IsCancellationRequested)
            {
                try
                {
                    int length = await store.ReadAsync(hash, destination);
                    if (length == data.Length && destination.AsSpan().SequenceEqual(data))
                    {
                        Interlocked.Increment(ref wholeReads);
                    }
                    else
                    {
                        Interlocked.Increment(ref bad);
                    }
                }
                catch (BlockNotFoundException)
                {
                    Interlocked.Increment(ref notFound);
                }
                catch (BlockIntegrityException)
                {
                    Interlocked.Increment(ref bad);
                }
            }
        })).ToArray();

        await writer;
        await Task.WhenAll(readers);

        bad.Should().Be(0, "a reader sees either the whole block or no block ({0} whole, {1} not found)", wholeReads, notFound);
        await ShouldReadBackAsync(store, data);
    }

    // ---- BeginBatch ----------------------------------------------------------------------------------------

    [Test]
    public async Task BeginBatch_MoreBlocksThanOneGroupWithRepeats_OneStoredPerBlockAndAllReadBackAfterCommit()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[][] blocks = [.. Enumerable.Range(0, 45).Select(i => RandomBytes(seed: 550 + i, length: 1 + (i * 89)))];
        var outcomes = new List<(BlockHash Hash, BlockPutOutcome Outcome)>();

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            foreach (byte[] data in blocks.Concat(blocks.Take(10)))
            {
                HashedBlock block = HashedBlock.Create(data);
                outcomes.Add((block.Hash, await batch.PutAsync(block)));
            }

            (await batch.PutAsync(HashedBlock.Create(new byte[SmallBlockSize]))).Should().Be(BlockPutOutcome.AlreadyPresent);
            await batch.CommitAsync();
        }

        outcomes.GroupBy(o => o.Hash).Should().AllSatisfy(g => g.Select(o => o.Outcome).Should().Equal(
            [BlockPutOutcome.Stored, .. Enumerable.Repeat(BlockPutOutcome.AlreadyPresent, g.Count() - 1)]));
        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(store, data);
        }

        (await EnumerateAllAsync(store)).Should().BeEquivalentTo(blocks.Select(b => HashedBlock.Create(b).Hash));
    }

    [Test]
    public async Task BeginBatch_ConcurrentPutsIntoOneBatch_OneStoredPerBlockAndAllReadBackAfterCommit()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[][] blocks = [.. Enumerable.Range(0, 20).Select(i => RandomBytes(seed: 600 + i, length: 100 + (i * 150)))];
        var outcomes = new ConcurrentBag<(BlockHash Hash, BlockPutOutcome Outcome)>();

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            await RunConcurrentlyAsync(
                [.. Enumerable.Range(0, blocks.Length * 5).Select(i => i % blocks.Length)],
                async (index, ct) =>
                {
                    HashedBlock block = HashedBlock.Create(blocks[index].ToArray());
                    outcomes.Add((block.Hash, await batch.PutAsync(block, ct)));
                });
            await batch.CommitAsync();
        }

        outcomes.Should().HaveCount(blocks.Length * 5);
        outcomes.GroupBy(o => o.Hash).Should().HaveCount(blocks.Length)
            .And.AllSatisfy(g => g.Count(o => o.Outcome == BlockPutOutcome.Stored).Should().Be(1, "block {0} is stored once", g.Key));
        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(store, data);
        }
    }

    [Test]
    public async Task BeginBatch_BlockAlreadyInStore_ReturnsAlreadyPresent()
    {
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 620, length: 700);
        await store.PutAsync(block);

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            (await batch.PutAsync(block)).Should().Be(BlockPutOutcome.AlreadyPresent);
            await batch.CommitAsync();
        }

        (await EnumerateAllAsync(store)).Should().Equal(block.Hash);
    }

    [Test]
    public async Task BeginBatch_CorruptBlockAfterReadFoundIt_PutReturnsRepairedAndCommitRepairs()
    {
        Assume.That(CanCorruptBlocks, Is.True, $"{GetType().Name} cannot corrupt blocks");
        IBlockStore store = NewStore();
        byte[] data = RandomBytes(seed: 621, length: 1500);
        await store.PutAsync(HashedBlock.Create(data));
        await CorruptBlockAsync(store, HashedBlock.Create(data).Hash);
        Func<Task> read = async () => await store.ReadAsync(HashedBlock.Create(data).Hash, new byte[store.BlockSize]);
        await read.Should().ThrowAsync<BlockIntegrityException>();

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            (await batch.PutAsync(HashedBlock.Create(data))).Should().Be(BlockPutOutcome.Repaired);
            await batch.CommitAsync();
        }

        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task BeginBatch_DisposedWithoutCommit_EachBlockIsWholeOrMissing()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        byte[][] blocks = [.. Enumerable.Range(0, 5).Select(i => RandomBytes(seed: 630 + i, length: 1000 + i))];

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            foreach (byte[] data in blocks)
            {
                await batch.PutAsync(HashedBlock.Create(data));
            }
        }

        foreach (byte[] data in blocks)
        {
            byte[] destination = new byte[SmallBlockSize];
            try
            {
                int length = await store.ReadAsync(HashedBlock.Create(data).Hash, destination);
                length.Should().Be(data.Length);
                ShouldEqual(destination.AsSpan(0, length), data);
            }
            catch (BlockNotFoundException)
            {
                // Discarded: allowed, as long as nothing partial is left.
            }
        }
    }

    [Test]
    public async Task BeginBatch_PutWithCancelledToken_ThrowsOperationCanceledAndStoresNothing()
    {
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 640, length: 100);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            Func<Task> act = async () => await batch.PutAsync(block, cts.Token);
            await act.Should().ThrowAsync<OperationCanceledException>();
            await batch.CommitAsync();
        }

        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
    }

    [Test]
    public async Task BeginBatch_BlockLongerThanBlockSize_ThrowsArgumentException()
    {
        IBlockStore store = NewStore(SmallBlockSize);
        HashedBlock block = Block(seed: 641, length: SmallBlockSize + 1);

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            Func<Task> act = async () => await batch.PutAsync(block);
            (await act.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be("block");
            await batch.CommitAsync();
        }

        (await EnumerateAllAsync(store)).Should().BeEmpty();
    }

    // ---- Block size ----------------------------------------------------------------------------------------

    [TestCase(SmallBlockSize)]
    [TestCase(64 * 1024)]
    [TestCase(DefaultBlockSize)]
    public void BlockSize_NewStore_IsTheRequestedSize(int blockSize)
    {
        IBlockStore store = NewStore(blockSize);

        store.BlockSize.Should().Be(blockSize);
    }

    [Test]
    public async Task PutAsync_FullDefaultSizeBlock_RoundTrips()
    {
        IBlockStore store = NewStore(DefaultBlockSize);
        byte[] data = RandomBytes(seed: 600, length: DefaultBlockSize);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        outcome.Should().Be(BlockPutOutcome.Stored);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task PutAsync_DefaultSizeBlockWithTrailingZeros_RoundTripsAndDeduplicates()
    {
        IBlockStore store = NewStore(DefaultBlockSize);
        byte[] content = RandomBytes(seed: 601, length: (3 * 1024 * 1024) + 1);
        byte[] block = WithTrailingZeros(content, DefaultBlockSize);

        BlockPutOutcome first = await store.PutAsync(HashedBlock.Create(block));
        BlockPutOutcome second = await store.PutAsync(HashedBlock.Create(content));

        first.Should().Be(BlockPutOutcome.Stored);
        second.Should().Be(BlockPutOutcome.AlreadyPresent);
        await ShouldReadBackAsync(store, block);
    }

    [Test]
    public async Task PutAsync_DefaultSizePlusOneByte_ThrowsArgumentException()
    {
        IBlockStore store = NewStore(DefaultBlockSize);
        HashedBlock block = HashedBlock.Create(RandomBytes(seed: 602, length: DefaultBlockSize + 1));

        Func<Task> act = async () => await store.PutAsync(block);

        await act.Should().ThrowAsync<ArgumentException>();
        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
    }

    [Test]
    public async Task ReadAsync_EmptyHashAtDefaultSize_FillsTheWholeBlockWithZeros()
    {
        IBlockStore store = NewStore(DefaultBlockSize);
        byte[] destination = new byte[DefaultBlockSize];
        Array.Fill(destination, (byte)1);

        int length = await store.ReadAsync(BlockHash.Empty, destination);

        length.Should().Be(0);
        destination.AsSpan().IndexOfAnyExcept((byte)0).Should().Be(-1);
    }

    // ---- Durability ----------------------------------------------------------------------------------------

    [Test]
    public async Task PutAsync_StoreReopened_BlocksSurvive()
    {
        Assume.That(IsDurable, Is.True, $"{GetType().Name} is not durable");
        IBlockStore store = NewStore(SmallBlockSize);
        byte[][] blocks = [RandomBytes(seed: 700, length: 1), RandomBytes(seed: 701, length: SmallBlockSize), WithTrailingZeros(RandomBytes(seed: 702, length: 10), 20)];
        foreach (byte[] data in blocks)
        {
            await store.PutAsync(HashedBlock.Create(data));
        }

        (store as IDisposable)?.Dispose();
        IBlockStore reopened = Reopen(store);

        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(reopened, data);
            (await reopened.PutAsync(HashedBlock.Create(data))).Should().Be(BlockPutOutcome.AlreadyPresent);
        }

        (await EnumerateAllAsync(reopened)).Should().BeEquivalentTo(blocks.Select(b => HashedBlock.Create(b).Hash));
    }

    [Test]
    public async Task DeleteAsync_StoreReopened_BlockStaysDeleted()
    {
        Assume.That(IsDurable, Is.True, $"{GetType().Name} is not durable");
        IBlockStore store = NewStore();
        HashedBlock block = Block(seed: 710, length: 10);
        await store.PutAsync(block);
        await store.DeleteAsync(block.Hash);

        (store as IDisposable)?.Dispose();
        IBlockStore reopened = Reopen(store);

        (await reopened.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
        (await EnumerateAllAsync(reopened)).Should().BeEmpty();
    }

    // ---- Helpers -------------------------------------------------------------------------------------------

    /// <summary>Makes a store through <see cref="CreateStore"/> and disposes it after the test.</summary>
    protected IBlockStore NewStore(int blockSize = SmallBlockSize) => Track(CreateStore(blockSize));

    /// <summary>Opens another instance over <paramref name="store"/>'s storage and disposes it after the test.</summary>
    protected IBlockStore Reopen(IBlockStore store) => Track(ReopenStore(store));

    /// <summary>Disposes <paramref name="store"/> after the test (when it is disposable).</summary>
    protected T Track<T>(T store)
        where T : IBlockStore
    {
        _stores.Add(store);
        return store;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every item with <see cref="Parallel.ForEachAsync{TSource}(IEnumerable{TSource}, ParallelOptions, Func{TSource, CancellationToken, ValueTask})"/>,
    /// holding the first bodies at a start line until all of them are running, so that they really overlap.
    /// </summary>
    protected static async Task RunConcurrentlyAsync<T>(IReadOnlyList<T> items, Func<T, CancellationToken, ValueTask> body)
    {
        const int Parallelism = 16;
        int starters = Math.Min(Parallelism, items.Count);
        int arrived = 0;
        var startLine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism },
            async (item, ct) =>
            {
                if (Interlocked.Increment(ref arrived) == starters)
                {
                    startLine.SetResult();
                }

                await startLine.Task.WaitAsync(ct);
                await body(item, ct);
            });
    }

    /// <summary>
    /// Runs <paramref name="body"/> on <paramref name="count"/> dedicated threads released together from a barrier,
    /// so that races show even when the thread pool is busy with other fixtures; rethrows what the bodies threw.
    /// </summary>
    protected static void RunOnThreadsTogether(int count, Action<int> body)
    {
        using var barrier = new Barrier(count);
        var errors = new ConcurrentQueue<Exception>();
        Thread[] threads = [.. Enumerable.Range(0, count).Select(i => new Thread(() =>
        {
            try
            {
                barrier.SignalAndWait();
                body(i);
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        }))];

        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        errors.Should().BeEmpty();
    }

    /// <summary>Returns <paramref name="length"/> pseudo-random bytes whose last byte is not zero (so content length = length).</summary>
    protected static byte[] RandomBytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        if (length > 0)
        {
            bytes[^1] |= 1;
        }

        return bytes;
    }

    /// <summary>Returns a hashed block of <paramref name="length"/> pseudo-random bytes with no trailing zeros.</summary>
    protected static HashedBlock Block(int seed, int length) => HashedBlock.Create(RandomBytes(seed, length));

    /// <summary>Returns <paramref name="content"/> followed by zeros up to <paramref name="length"/>.</summary>
    protected static byte[] WithTrailingZeros(byte[] content, int length)
    {
        byte[] block = new byte[length];
        content.CopyTo(block, 0);
        return block;
    }

    /// <summary>Collects every hash the store enumerates.</summary>
    protected static async Task<List<BlockHash>> EnumerateAllAsync(IBlockStore store)
    {
        var hashes = new List<BlockHash>();
        await foreach (BlockHash hash in store.EnumerateAsync())
        {
            hashes.Add(hash);
        }

        return hashes;
    }

    /// <summary>Reads the block of <paramref name="data"/> into a dirty buffer and checks content, length and zero padding.</summary>
    protected static async Task ShouldReadBackAsync(IBlockStore store, byte[] data)
    {
        HashedBlock block = HashedBlock.Create(data);
        byte[] destination = new byte[store.BlockSize];
        Array.Fill(destination, (byte)0xEE);

        int length = await store.ReadAsync(block.Hash, destination);

        length.Should().Be(block.Content.Length, "the read returns the content length of block {0}", block.Hash);
        ShouldEqual(destination.AsSpan(0, data.Length), data);
        destination.AsSpan(data.Length).IndexOfAnyExcept((byte)0).Should().Be(-1, "the block is padded with zeros to the block size");
    }

    /// <summary>Compares bytes quickly, reporting the first difference.</summary>
    protected static void ShouldEqual(ReadOnlySpan<byte> actual, ReadOnlySpan<byte> expected)
    {
        actual.Length.Should().Be(expected.Length);
        actual.CommonPrefixLength(expected).Should().Be(expected.Length, "the bytes must be identical (the value is the index of the first difference)");
    }
}
