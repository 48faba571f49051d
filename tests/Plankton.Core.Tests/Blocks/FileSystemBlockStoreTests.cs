using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Text;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// <see cref="FileSystemBlockStore"/> on a real folder under the temp path: the <see cref="IBlockStore"/> contract,
/// plus what only a folder of files has (layout, on-disk format, corruption, temp files, reopening).
/// </summary>
[TestFixture(BlockWriteMode.Auto)]
[TestFixture(BlockWriteMode.Buffered)]
public sealed class FileSystemBlockStoreTests : FileSystemBlockStoreFixture
{
    private static readonly string[] s_damageKinds = BlockFiles.DamageKinds;
    private static readonly string[] s_lengthDamageKinds = BlockFiles.LengthDamageKinds;

    private readonly BlockWriteMode _mode;

    public FileSystemBlockStoreTests(BlockWriteMode mode)
    {
        _mode = mode;
    }

    protected override BlockWriteMode Mode => _mode;

    // ---- Opening -------------------------------------------------------------------------------------------

    [Test]
    public void Constructor_NewFolder_CreatesLayoutFileAndAll256ShardFolders()
    {
        string root = NewRoot();

        OpenStore(root, blockSize: 8192);

        File.ReadAllText(Path.Combine(root, "plankton-blocks.txt")).Should().Be("plankton-blocks 1\nblock-size 8192\n");
        Directory.GetDirectories(Path.Combine(root, "blocks")).Select(Path.GetFileName)
            .Should().BeEquivalentTo(Enumerable.Range(0, 256).Select(i => i.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void UsesDirectWrites_WriteMode_MatchesWhatTheFileSystemAllows()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        if (_mode == BlockWriteMode.Buffered)
        {
            store.UsesDirectWrites.Should().BeFalse();
            return;
        }

        bool? accepts = MountInfo.AcceptsDirectIo(store.RootPath);
        Assume.That(accepts.HasValue, Is.True, $"whether {MountInfo.FileSystemType(store.RootPath) ?? "this file system"} accepts O_DIRECT is not known");
        store.UsesDirectWrites.Should().Be(accepts!.Value, "the folder is on {0}", MountInfo.FileSystemType(store.RootPath));
    }

    [Test]
    public async Task Constructor_ReopenSameFolder_ReadsEverythingBack()
    {
        string root = NewRoot();
        FileSystemBlockStore first = OpenStore(root);
        var blocks = new List<byte[]>();
        for (int i = 0; i < 20; i++)
        {
            byte[] content = RandomBytes(seed: 800 + i, length: 1 + (i * 211));
            blocks.Add(i % 2 == 0 ? content : WithTrailingZeros(content, SmallBlockSize));
            await first.PutAsync(HashedBlock.Create(blocks[^1]));
        }

        first.Dispose();
        FileSystemBlockStore second = OpenStore(root);

        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(second, data);
        }

        (await second.GetMissingAsync([.. blocks.Select(b => HashedBlock.Create(b).Hash)])).Should().BeEmpty();
        (await EnumerateAllAsync(second)).Should().BeEquivalentTo(blocks.Select(b => HashedBlock.Create(b).Hash));
        (await second.PutAsync(HashedBlock.Create(blocks[3]))).Should().Be(BlockPutOutcome.AlreadyPresent);
    }

    [TestCase(8192)]
    [TestCase(HashingConstants.DefaultBlockSize)]
    public void Constructor_ReopenWithDifferentBlockSize_ThrowsStoreConfigurationException(int otherBlockSize)
    {
        string root = NewRoot();
        OpenStore(root, SmallBlockSize).Dispose();

        Action act = () => OpenStore(root, otherBlockSize);

        act.Should().Throw<StoreConfigurationException>().WithMessage($"*{SmallBlockSize}*{otherBlockSize}*");
        BlockFiles.TempEntries(root).Should().BeEmpty("a store that failed to open leaves nothing in tmp");
        OpenStore(root, SmallBlockSize).BlockSize.Should().Be(SmallBlockSize);
    }

    [TestCase("")]
    [TestCase("something else\nblock-size 4096\n")]
    [TestCase("plankton-blocks 1\nblock-size four\n")]
    [TestCase("plankton-blocks 1\n")]
    public void Constructor_LayoutFileNotOfAStore_ThrowsStoreConfigurationException(string layout)
    {
        string root = NewRoot();
        File.WriteAllText(Path.Combine(root, "plankton-blocks.txt"), layout);

        Action act = () => OpenStore(root);

        act.Should().Throw<StoreConfigurationException>();
    }

    [Test]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        Action act = () => _ = new FileSystemBlockStore(null!);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
    }

    [TestCase("")]
    [TestCase("   ")]
    public void Constructor_NoRootPath_ThrowsArgumentException(string rootPath)
    {
        Action act = () => _ = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = rootPath, WriteMode = _mode });

        act.Should().Throw<ArgumentException>();
    }

    [TestCase(1000, 1)]
    [TestCase(SmallBlockSize, 0)]
    [TestCase(SmallBlockSize, -1)]
    public void Constructor_OptionOutOfRange_ThrowsArgumentOutOfRangeExceptionAndCreatesNothing(int blockSize, int verifiedCacheCapacity)
    {
        string root = NewRoot();

        Action act = () => OpenStore(root, blockSize, o => o.VerifiedCacheCapacity = verifiedCacheCapacity);

        act.Should().Throw<ArgumentOutOfRangeException>();
        Directory.GetFileSystemEntries(root).Should().BeEmpty();
    }

    // ---- Layout and format ---------------------------------------------------------------------------------

    [TestCase(1)]
    [TestCase(4080)]
    [TestCase(4081)]
    [TestCase(4095)]
    [TestCase(4096)]
    [TestCase(4097)]
    [TestCase(8191)]
    [TestCase(16383)]
    [TestCase(16384)]
    public async Task PutAsync_Block_WritesContentAndTrailerAtShardedHexPath(int length)
    {
        FileSystemBlockStore store = OpenStore(NewRoot(), blockSize: 16384);
        byte[] data = RandomBytes(seed: 900 + length, length: length);
        HashedBlock block = HashedBlock.Create(data);

        await store.PutAsync(block);

        string path = BlockFiles.BlockPath(store.RootPath, block.Hash);
        store.BlockPath(block.Hash).Should().Be(path);
        BlockFiles.AllBlockFiles(store.RootPath).Should().Equal(path);
        byte[] file = File.ReadAllBytes(path);
        file.Should().HaveCount(length + BlockFiles.TrailerSize);
        ShouldEqual(file.AsSpan(0, length), data);
        ReadOnlySpan<byte> trailer = file.AsSpan(length);
        BinaryPrimitives.ReadUInt64LittleEndian(trailer).Should().Be(XxHash3.HashToUInt64(data, block.Hash.Prefix64), "the trailer starts with the XxHash3 of the content, seeded with the hash");
        Encoding.ASCII.GetString(file, length + 8, 4).Should().Be("PKB1");
        BinaryPrimitives.ReadInt32LittleEndian(trailer[12..]).Should().Be(length);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task PutAsync_BlockWithTrailingZeros_FileHoldsContentOnly()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        byte[] content = RandomBytes(seed: 901, length: 1000);
        HashedBlock block = HashedBlock.Create(WithTrailingZeros(content, SmallBlockSize));

        await store.PutAsync(block);

        new FileInfo(BlockFiles.BlockPath(store.RootPath, block.Hash)).Length.Should().Be(1000 + BlockFiles.TrailerSize);
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(SmallBlockSize)]
    public async Task PutAsync_AllZeroBlock_LeavesNoFile(int length)
    {
        FileSystemBlockStore store = OpenStore(NewRoot());

        await store.PutAsync(HashedBlock.Create(new byte[length]));

        BlockFiles.AllBlockFiles(store.RootPath).Should().BeEmpty();
        BlockFiles.TempFilesOtherThanLocks(store.RootPath).Should().BeEmpty();
    }

    [TestCase(100)]
    [TestCase(4096)]
    [TestCase(8192)]
    [TestCase(8197)]
    [TestCase(16384)]
    public async Task PutAsync_AlignedSourceBuffer_RoundTrips(int length)
    {
        FileSystemBlockStore store = OpenStore(NewRoot(), blockSize: 16384);
        byte[] data = RandomBytes(seed: 902 + length, length: length);
        AlignedBuffer buffer = AlignedBufferPool.Rent(16384);
        try
        {
            data.CopyTo(buffer.GetSpan());
            AlignedBuffer.IsAligned(buffer.Memory).Should().BeTrue();

            BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(buffer.Memory[..length]));

            outcome.Should().Be(BlockPutOutcome.Stored);
        }
        finally
        {
            AlignedBufferPool.Return(buffer);
        }

        await ShouldReadBackAsync(store, data);
        new FileInfo(BlockFiles.BlockPath(store.RootPath, HashedBlock.Create(data).Hash)).Length.Should().Be(length + BlockFiles.TrailerSize);
    }

    [Test]
    public async Task PutAsync_UnalignedSourceBuffer_RoundTrips()
    {
        FileSystemBlockStore store = OpenStore(NewRoot(), blockSize: 16384);
        byte[] backing = RandomBytes(seed: 903, length: 12000);
        ReadOnlyMemory<byte> data = backing.AsMemory(1, 10000);

        await store.PutAsync(HashedBlock.Create(data));

        await ShouldReadBackAsync(store, data.ToArray());
    }

    // ---- Corruption ----------------------------------------------------------------------------------------

    [TestCaseSource(nameof(s_damageKinds))]
    public async Task ReadAsync_DamagedBlockFile_ThrowsBlockIntegrityException(string damage)
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock block = Block(seed: 1000, length: 3000);
        await store.PutAsync(block);
        BlockFiles.Damage(BlockFiles.BlockPath(store.RootPath, block.Hash), damage, 3000);

        Func<Task> act = async () => await store.ReadAsync(block.Hash, new byte[SmallBlockSize]);

        BlockIntegrityException exception = (await act.Should().ThrowAsync<BlockIntegrityException>()).Which;
        exception.Hash.Should().Be(block.Hash);
        exception.Reason.Should().NotBeNullOrWhiteSpace();
    }

    [Test]
    public async Task ReadAsync_BlockFileDeleted_ThrowsBlockNotFoundException()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock block = Block(seed: 1001, length: 3000);
        await store.PutAsync(block);
        File.Delete(BlockFiles.BlockPath(store.RootPath, block.Hash));

        Func<Task> act = async () => await store.ReadAsync(block.Hash, new byte[SmallBlockSize]);

        (await act.Should().ThrowAsync<BlockNotFoundException>()).Which.Hash.Should().Be(block.Hash);
        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
    }

    [Test]
    public async Task ReadAsync_ShardFolderDeleted_ThrowsBlockNotFoundException()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock block = Block(seed: 1002, length: 3000);
        await store.PutAsync(block);
        Directory.Delete(Path.GetDirectoryName(BlockFiles.BlockPath(store.RootPath, block.Hash))!, recursive: true);

        Func<Task> act = async () => await store.ReadAsync(block.Hash, new byte[SmallBlockSize]);

        (await act.Should().ThrowAsync<BlockNotFoundException>()).Which.Hash.Should().Be(block.Hash);
    }

    [TestCaseSource(nameof(s_damageKinds))]
    public async Task PutAsync_DamagedBlockFileOnFreshInstance_ReturnsRepairedAndReadsBack(string damage)
    {
        string root = NewRoot();
        byte[] data = RandomBytes(seed: 1003, length: 3000);
        HashedBlock block = HashedBlock.Create(data);
        FileSystemBlockStore first = OpenStore(root);
        await first.PutAsync(block);
        first.Dispose();
        BlockFiles.Damage(BlockFiles.BlockPath(root, block.Hash), damage, 3000);
        FileSystemBlockStore fresh = OpenStore(root);

        BlockPutOutcome outcome = await fresh.PutAsync(HashedBlock.Create(data.ToArray()));

        outcome.Should().Be(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(fresh, data);
        new FileInfo(BlockFiles.BlockPath(root, block.Hash)).Length.Should().Be(3000 + BlockFiles.TrailerSize);
        (await fresh.PutAsync(block)).Should().Be(BlockPutOutcome.AlreadyPresent);
        BlockFiles.TempFilesOtherThanLocks(root).Should().BeEmpty();
    }

    [TestCaseSource(nameof(s_lengthDamageKinds))]
    public async Task PutAsync_WrongLengthBlockFileOnSameInstance_ReturnsRepaired(string damage)
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        byte[] data = RandomBytes(seed: 1004, length: 3000);
        HashedBlock block = HashedBlock.Create(data);
        await store.PutAsync(block);
        BlockFiles.Damage(BlockFiles.BlockPath(store.RootPath, block.Hash), damage, 3000);

        BlockPutOutcome outcome = await store.PutAsync(block);

        outcome.Should().Be(BlockPutOutcome.Repaired);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public async Task PutAsync_FileHoldsAnotherBlockOnFreshInstance_ReturnsRepaired()
    {
        string root = NewRoot();
        byte[] right = RandomBytes(seed: 1005, length: 2000);
        byte[] other = RandomBytes(seed: 1006, length: 2000);
        FileSystemBlockStore first = OpenStore(root);
        await first.PutAsync(HashedBlock.Create(right));
        await first.PutAsync(HashedBlock.Create(other));
        first.Dispose();
        string rightPath = BlockFiles.BlockPath(root, HashedBlock.Create(right).Hash);
        File.Copy(BlockFiles.BlockPath(root, HashedBlock.Create(other).Hash), rightPath, overwrite: true);
        FileSystemBlockStore fresh = OpenStore(root);

        BlockPutOutcome outcome = await fresh.PutAsync(HashedBlock.Create(right));

        outcome.Should().Be(BlockPutOutcome.Repaired, "a file with a sound trailer but someone else's bytes is not the block");
        await ShouldReadBackAsync(fresh, right);
    }

    [Test]
    public async Task ReadAsync_FileHoldsAnotherBlockWithSha256Verification_ThrowsBlockIntegrityException()
    {
        FileSystemBlockStore store = OpenStore(NewRoot(), configure: o => o.VerifyReadsWithSha256 = true);
        HashedBlock right = Block(seed: 1007, length: 2000);
        HashedBlock other = Block(seed: 1008, length: 2000);
        await store.PutAsync(right);
        await store.PutAsync(other);
        File.Copy(BlockFiles.BlockPath(store.RootPath, other.Hash), BlockFiles.BlockPath(store.RootPath, right.Hash), overwrite: true);

        Func<Task> act = async () => await store.ReadAsync(right.Hash, new byte[SmallBlockSize]);

        (await act.Should().ThrowAsync<BlockIntegrityException>()).Which.Hash.Should().Be(right.Hash);
    }

    [Test]
    public async Task ReadAsync_FileHoldsAnotherWholeBlockWithDefaultOptions_ThrowsBlockIntegrityException()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock right = Block(seed: 1009, length: 2000);
        HashedBlock other = Block(seed: 1010, length: 2000);
        await store.PutAsync(right);
        await store.PutAsync(other);
        File.Copy(BlockFiles.BlockPath(store.RootPath, other.Hash), BlockFiles.BlockPath(store.RootPath, right.Hash), overwrite: true);

        Func<Task> act = async () => await store.ReadAsync(right.Hash, new byte[SmallBlockSize]);

        (await act.Should().ThrowAsync<BlockIntegrityException>("the trailer checksum is seeded with the hash the file is named by"))
            .Which.Hash.Should().Be(right.Hash);
    }

    // ---- Temp files ----------------------------------------------------------------------------------------

    [Test]
    public void Constructor_TempFolderWithoutLock_IsRemoved()
    {
        string root = NewRoot();
        OpenStore(root).Dispose();
        string orphan = Path.Combine(root, "tmp", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(orphan);
        File.WriteAllBytes(Path.Combine(orphan, "left.tmp"), RandomBytes(seed: 1102, length: 100));

        FileSystemBlockStore store = OpenStore(root);

        Directory.Exists(orphan).Should().BeFalse("a folder whose instance no longer holds a lock is a dead instance's");
        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    [Test]
    public void Constructor_DeadInstanceTempFiles_AreRemoved()
    {
        string root = NewRoot();
        OpenStore(root).Dispose();
        string tmp = Path.Combine(root, "tmp");
        string dead = Guid.NewGuid().ToString("N");
        string deadWithoutFolder = Guid.NewGuid().ToString("N");
        File.WriteAllText(Path.Combine(tmp, dead + ".lock"), string.Empty);
        Directory.CreateDirectory(Path.Combine(tmp, dead, "nested"));
        File.WriteAllBytes(Path.Combine(tmp, dead, "some.tmp"), RandomBytes(seed: 1100, length: 100));
        File.WriteAllBytes(Path.Combine(tmp, dead, "nested", "other.tmp"), RandomBytes(seed: 1101, length: 100));
        File.WriteAllText(Path.Combine(tmp, deadWithoutFolder + ".lock"), string.Empty);

        FileSystemBlockStore store = OpenStore(root);

        Directory.Exists(Path.Combine(tmp, dead)).Should().BeFalse();
        File.Exists(Path.Combine(tmp, dead + ".lock")).Should().BeFalse();
        File.Exists(Path.Combine(tmp, deadWithoutFolder + ".lock")).Should().BeFalse();
        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    [Test]
    public async Task Constructor_LiveInstanceOnSameFolder_KeepsItsTempFolderAndLock()
    {
        string root = NewRoot();
        FileSystemBlockStore live = OpenStore(root);
        string[] liveEntries = BlockFiles.TempEntries(root);
        string liveFolder = Path.Combine(root, "tmp", liveEntries.Single(e => !e.EndsWith(".lock", StringComparison.Ordinal)));
        string inFlight = Path.Combine(liveFolder, "in-flight.tmp");
        File.WriteAllBytes(inFlight, RandomBytes(seed: 1102, length: 100));

        FileSystemBlockStore second = OpenStore(root);

        File.Exists(inFlight).Should().BeTrue("a live instance's temp files are not touched");
        BlockFiles.TempEntries(root).Should().Contain(liveEntries).And.HaveCount(4);
        (await live.PutAsync(Block(seed: 1103, length: 10))).Should().Be(BlockPutOutcome.Stored);

        live.Dispose();

        Directory.Exists(liveFolder).Should().BeFalse();
        BlockFiles.TempEntries(root).Should().NotContain(liveEntries).And.HaveCount(2);
        (await second.PutAsync(Block(seed: 1104, length: 10))).Should().Be(BlockPutOutcome.Stored);
    }

    [Test]
    public async Task Dispose_Store_RemovesItsOwnTempFolderAndLock()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        await store.PutAsync(Block(seed: 1105, length: 10));
        BlockFiles.TempEntries(store.RootPath).Should().HaveCount(2);

        store.Dispose();
        store.Dispose();

        BlockFiles.TempEntries(store.RootPath).Should().BeEmpty();
    }

    [Test]
    public async Task PutAsync_Succeeded_LeavesOnlyTheEmptyInstanceFolderAndLockInTmp()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        byte[] data = RandomBytes(seed: 1106, length: 3000);
        for (int i = 0; i < 10; i++)
        {
            await store.PutAsync(Block(seed: 1107 + i, length: 100 * (i + 1)));
        }

        await store.PutAsync(HashedBlock.Create(data));
        await store.PutAsync(HashedBlock.Create(data));
        BlockFiles.Damage(BlockFiles.BlockPath(store.RootPath, HashedBlock.Create(data).Hash), "truncate-one", data.Length);
        (await store.PutAsync(HashedBlock.Create(data))).Should().Be(BlockPutOutcome.Repaired);

        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    [Test]
    public async Task PutAsync_CancelledToken_LeavesNoTempOrBlockFile()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        Func<Task> act = async () => await store.PutAsync(Block(seed: 1120, length: 3000), cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        BlockFiles.AllBlockFiles(store.RootPath).Should().BeEmpty();
        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    [Test]
    public async Task PutAsync_InstanceTempFolderDeleted_ThrowsIOExceptionAndWritesNoBlockFile()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        string tmp = Path.Combine(store.RootPath, "tmp");
        Directory.Delete(Path.Combine(tmp, BlockFiles.TempEntries(store.RootPath).Single(e => !e.EndsWith(".lock", StringComparison.Ordinal))), recursive: true);
        HashedBlock block = Block(seed: 1121, length: 3000);

        Func<Task> act = async () => await store.PutAsync(block);

        await act.Should().ThrowAsync<IOException>();
        BlockFiles.AllBlockFiles(store.RootPath).Should().BeEmpty();
        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
        store.Invoking(s => s.Dispose()).Should().NotThrow();
        BlockFiles.TempEntries(store.RootPath).Should().BeEmpty();
    }

    [Test]
    public async Task PutAsync_ShardFolderMissing_ThrowsIOExceptionAndLeavesNoTempFile()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock block = Block(seed: 1122, length: 3000);
        Directory.Delete(Path.GetDirectoryName(BlockFiles.BlockPath(store.RootPath, block.Hash))!);

        Func<Task> act = async () => await store.PutAsync(block);

        await act.Should().ThrowAsync<IOException>("the temp file is written but cannot be renamed into place");
        ShouldHoldOnlyOneInstance(store.RootPath);
        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
    }

    [Test]
    public async Task PutAsync_FolderInPlaceOfBlockFile_ThrowsIOExceptionAndLeavesNoTempFile()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock block = Block(seed: 1123, length: 3000);
        Directory.CreateDirectory(Path.Combine(BlockFiles.BlockPath(store.RootPath, block.Hash), "occupied"));

        Func<Task> act = async () => await store.PutAsync(block);

        await act.Should().ThrowAsync<IOException>();
        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    [Test]
    public async Task BeginBatch_DisposedWithoutCommit_LeavesNoBlockAndNoTempFile()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock[] blocks = [.. Enumerable.Range(0, 5).Select(i => Block(seed: 1124 + i, length: 3000 + i))];

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            foreach (HashedBlock block in blocks)
            {
                (await batch.PutAsync(block)).Should().Be(BlockPutOutcome.Stored);
            }

            BlockFiles.TempFilesOtherThanLocks(store.RootPath).Should().HaveCount(blocks.Length, "staged blocks wait in temp files");
        }

        BlockFiles.AllBlockFiles(store.RootPath).Should().BeEmpty();
        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    [Test]
    public async Task BeginBatch_Committed_LeavesOnlyBlockFilesAndNoTempFile()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock[] blocks = [.. Enumerable.Range(0, 40).Select(i => Block(seed: 1130 + i, length: 100 + i))];

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            foreach (HashedBlock block in blocks)
            {
                await batch.PutAsync(block);
            }

            await batch.CommitAsync();
        }

        BlockFiles.AllBlockFiles(store.RootPath).Should().BeEquivalentTo(blocks.Select(b => BlockFiles.BlockPath(store.RootPath, b.Hash)));
        ShouldHoldOnlyOneInstance(store.RootPath);
    }

    // ---- Names ---------------------------------------------------------------------------------------------

    [Test]
    public async Task EnumerateAsync_FilesWhoseNamesAreNotHashes_AreIgnored()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock a = Block(seed: 1200, length: 10);
        HashedBlock b = Block(seed: 1201, length: 20);
        await store.PutAsync(a);
        await store.PutAsync(b);
        string shard = Path.GetDirectoryName(BlockFiles.BlockPath(store.RootPath, a.Hash))!;
        string hex = a.Hash.ToString();
        File.WriteAllText(Path.Combine(shard, "not-a-hash"), "junk");
        File.WriteAllText(Path.Combine(shard, hex[..63]), "junk");
        File.WriteAllText(Path.Combine(shard, hex + "0"), "junk");
        File.WriteAllText(Path.Combine(shard, hex + ".tmp"), "junk");
        File.WriteAllText(Path.Combine(shard, string.Concat(hex.AsSpan(0, 63), "g")), "junk");
        File.Copy(BlockFiles.BlockPath(store.RootPath, b.Hash), Path.Combine(shard, Block(seed: 1203, length: 5).Hash.ToString().ToUpperInvariant()));
        Directory.CreateDirectory(Path.Combine(shard, "nested"));
        File.Copy(BlockFiles.BlockPath(store.RootPath, b.Hash), Path.Combine(shard, "nested", Block(seed: 1202, length: 5).Hash.ToString()));
        File.WriteAllText(Path.Combine(store.RootPath, "blocks", "stray.txt"), "junk");

        List<BlockHash> hashes = await EnumerateAllAsync(store);

        hashes.Should().BeEquivalentTo([a.Hash, b.Hash]);
    }

    [TestCase("../../etc/passwd")]
    [TestCase("..")]
    [TestCase("")]
    [TestCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [TestCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [TestCase("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("../0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("e3/0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("0xb0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase(" 3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\0")]
    [TestCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85\n")]
    public void BlockHashParse_TextThatIsNotAHash_ThrowsFormatException(string text)
    {
        Action act = () => BlockHash.Parse(text);

        act.Should().Throw<FormatException>();
        BlockHash.TryParse(text, out _).Should().BeFalse();
    }

    [Test]
    public void BlockPath_ManyHashes_AreAlwaysTwoLevelsBelowTheBlocksFolder()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        string blocks = Path.Combine(store.RootPath, "blocks") + Path.DirectorySeparatorChar;
        var random = new Random(1300);
        byte[] bytes = new byte[BlockHash.Size];
        for (int i = 0; i < 500; i++)
        {
            random.NextBytes(bytes);
            var hash = new BlockHash(bytes);

            string path = store.BlockPath(hash);

            Path.GetFullPath(path).Should().Be(path).And.StartWith(blocks);
            path[blocks.Length..].Should().Be(string.Concat(hash.ToString().AsSpan(0, 2), "/", hash.ToString()));
        }
    }

    // ---- Lifetime and sharing ------------------------------------------------------------------------------

    [Test]
    public async Task Members_AfterDispose_ThrowObjectDisposedException()
    {
        FileSystemBlockStore store = OpenStore(NewRoot());
        HashedBlock block = Block(seed: 1400, length: 10);
        await store.PutAsync(block);
        store.Dispose();

        Func<Task> put = async () => await store.PutAsync(Block(seed: 1401, length: 10));
        Func<Task> read = async () => await store.ReadAsync(block.Hash, new byte[SmallBlockSize]);
        Func<Task> missing = async () => await store.GetMissingAsync([block.Hash]);
        Func<Task> delete = async () => await store.DeleteAsync(block.Hash);
        Func<Task> enumerate = async () => await EnumerateAllAsync(store);

        await put.Should().ThrowAsync<ObjectDisposedException>();
        await read.Should().ThrowAsync<ObjectDisposedException>();
        await missing.Should().ThrowAsync<ObjectDisposedException>();
        await delete.Should().ThrowAsync<ObjectDisposedException>();
        await enumerate.Should().ThrowAsync<ObjectDisposedException>();
        File.Exists(BlockFiles.BlockPath(store.RootPath, block.Hash)).Should().BeTrue("disposing keeps the blocks");
    }

    [Test]
    public async Task PutAsync_TwoInstancesOnOneFolderConcurrently_AllBlocksSoundAndNoneRepaired()
    {
        string root = NewRoot();
        FileSystemBlockStore[] stores = [OpenStore(root), OpenStore(root)];
        byte[][] blocks = [.. Enumerable.Range(0, 16).Select(i => RandomBytes(seed: 1500 + i, length: 500 + (i * 200)))];
        var outcomes = new ConcurrentBag<BlockPutOutcome>();

        await RunConcurrentlyAsync(
            [.. Enumerable.Range(0, blocks.Length * 8)],
            async (i, ct) => outcomes.Add(await stores[i % 2].PutAsync(HashedBlock.Create(blocks[i / 8]), ct)));

        outcomes.Should().HaveCount(blocks.Length * 8).And.NotContain(BlockPutOutcome.Repaired);
        outcomes.Count(o => o == BlockPutOutcome.Stored).Should().BeInRange(blocks.Length, 2 * blocks.Length);
        foreach (byte[] data in blocks)
        {
            await ShouldReadBackAsync(stores[0], data);
            await ShouldReadBackAsync(stores[1], data);
        }

        BlockFiles.TempFilesOtherThanLocks(root).Should().BeEmpty();
    }

    // ---- Helpers -------------------------------------------------------------------------------------------

    private FileSystemBlockStore OpenStore(string root, int blockSize = SmallBlockSize, Action<FileSystemBlockStoreOptions>? configure = null)
    {
        FileSystemBlockStoreOptions options = Options(root, _mode, blockSize);
        configure?.Invoke(options);
        return Track(new FileSystemBlockStore(options));
    }

    /// <summary>Checks that tmp holds exactly one instance's lock and its folder, and that the folder is empty.</summary>
    private static void ShouldHoldOnlyOneInstance(string root)
    {
        string[] entries = BlockFiles.TempEntries(root);
        entries.Should().HaveCount(2);
        string folder = entries.Single(e => !e.EndsWith(".lock", StringComparison.Ordinal));
        entries.Should().Contain(folder + ".lock");
        Directory.GetFileSystemEntries(Path.Combine(root, "tmp", folder)).Should().BeEmpty();
    }
}
