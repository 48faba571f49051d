using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Ingestion;

public enum IngestStoreKind
{
    InMemory,
    FileSystemAuto,
    FileSystemBuffered,
}

[TestFixture(IngestStoreKind.InMemory)]
[TestFixture(IngestStoreKind.FileSystemAuto)]
[TestFixture(IngestStoreKind.FileSystemBuffered)]
public sealed class BlockIngestionTests(IngestStoreKind kind)
{
    private const int Bs = 4096;

    private TempDirectory? _folder;
    private IBlockStore _store = null!;

    [SetUp]
    public void SetUp()
    {
        _store = Open(Bs);
    }

    [TearDown]
    public void TearDown()
    {
        (_store as IDisposable)?.Dispose();
        _folder?.Dispose();
        _folder = null;
    }

    private IBlockStore Open(int blockSize)
    {
        (_store as IDisposable)?.Dispose();
        _folder?.Dispose();
        _folder = null;
        if (kind == IngestStoreKind.InMemory)
        {
            return new InMemoryBlockStore(blockSize);
        }

        _folder = new TempDirectory();
        return new FileSystemBlockStore(new FileSystemBlockStoreOptions
        {
            RootPath = _folder.FullPath,
            BlockSize = blockSize,
            WriteMode = kind == IngestStoreKind.FileSystemBuffered ? BlockWriteMode.Buffered : BlockWriteMode.Auto,
        });
    }

    private string[] LeftoverTempFiles() =>
        _folder is null ? [] : Directory.GetFiles(Path.Combine(_folder.FullPath, "tmp"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).ToArray();

    private async Task<byte[]> ReadBackAsync(Hashmap hashmap)
    {
        var data = new byte[hashmap.Size];
        var block = new byte[_store.BlockSize];
        for (int i = 0; i < hashmap.Count; i++)
        {
            await _store.ReadAsync(hashmap.Blocks[i], block);
            long offset = (long)i * _store.BlockSize;
            int length = (int)Math.Min(_store.BlockSize, hashmap.Size - offset);
            block.AsSpan(0, length).CopyTo(data.AsSpan((int)offset));
        }

        return data;
    }

    [Test]
    public async Task IngestAsync_NewData_StoresEveryBlockAndMatchesStreamHasher()
    {
        byte[] data = TestData.Random((20 * Bs) + 77, 1);

        IngestResult result = await _store.IngestAsync(new MemoryStream(data));

        Hashmap expected = await PithosStreamHasher.HashAsync(new MemoryStream(data), Bs);
        result.TopHash.Should().Be(expected.TopHash);
        result.Hashmap.ToArray().Should().Equal(expected.ToArray());
        result.Size.Should().Be(data.Length);
        result.NewBlocks.Should().Be(21);
        result.NewBytes.Should().Be(data.Length);
        result.DeduplicatedBlocks.Should().Be(0);
        (await _store.GetMissingAsync(result.Hashmap.ToArray())).Should().BeEmpty();
        (await ReadBackAsync(result.Hashmap)).Should().Equal(data);
    }

    [Test]
    public async Task IngestAsync_ExposedMemoryStream_StoresUnalignedSlicesAndReadsBack()
    {
        byte[] data = TestData.Sparse((12 * Bs) + 99, 14, Bs);
        var stream = new MemoryStream(data, 0, data.Length, writable: false, publiclyVisible: true) { Position = 3 };

        IngestResult result = await _store.IngestAsync(stream);

        (await ReadBackAsync(result.Hashmap)).Should().Equal(data[3..]);
        result.TopHash.Should().Be((await PithosStreamHasher.HashAsync(new MemoryStream(data[3..]), Bs)).TopHash);
    }

    [Test]
    public async Task IngestAsync_SameDataTwice_SecondTimeAllDeduplicated()
    {
        byte[] data = TestData.Random(10 * Bs, 2);
        await _store.IngestAsync(new MemoryStream(data));

        IngestResult again = await _store.IngestAsync(new ShortReadStream(data, 1000));

        again.NewBlocks.Should().Be(0);
        again.NewBytes.Should().Be(0);
        again.DeduplicatedBlocks.Should().Be(10);
        again.DeduplicatedBytes.Should().Be(data.Length);
    }

    [Test]
    public async Task IngestAsync_RepeatedBlocksInOneStream_StoredOnce()
    {
        byte[] block = TestData.Random(Bs, 3);
        byte[] data = Enumerable.Repeat(block, 12).SelectMany(b => b).ToArray();

        IngestResult result = await _store.IngestAsync(new MemoryStream(data));

        result.NewBlocks.Should().Be(1);
        result.DeduplicatedBlocks.Should().Be(11);
        (await _store.EnumerateAsync().ToListAsync()).Should().Equal(PithosHash.HashBlock(block));
    }

    [Test]
    public async Task IngestAsync_SparseData_ZeroBlocksNeverStoredAndReadBackExactly()
    {
        byte[] data = TestData.Sparse((30 * Bs) + 5, 4, Bs);
        data.AsSpan(Bs, 3 * Bs).Clear();

        IngestResult result = await _store.IngestAsync(new MemoryStream(data));

        List<BlockHash> stored = await _store.EnumerateAsync().ToListAsync();
        stored.Should().NotContain(BlockHash.Empty);
        result.NewBlocks.Should().Be(result.Hashmap.ToArray().Where(h => !h.IsEmpty).Distinct().Count());
        (await ReadBackAsync(result.Hashmap)).Should().Equal(data);
    }

    [Test]
    public async Task IngestAsync_EmptyStream_EmptyHashmapAndNothingStored()
    {
        IngestResult result = await _store.IngestAsync(new MemoryStream());

        result.Hashmap.ToArray().Should().Equal(BlockHash.Empty);
        result.Size.Should().Be(0);
        result.NewBlocks.Should().Be(0);
        (await _store.EnumerateAsync().ToListAsync()).Should().BeEmpty();
    }

    [Test]
    public async Task IngestAsync_DefaultBlockSize_RoundTripsAroundBlockBoundaries()
    {
        _store = Open(HashingConstants.DefaultBlockSize);
        byte[] data = TestData.Sparse((2 * HashingConstants.DefaultBlockSize) + 1, 5, HashingConstants.DefaultBlockSize);

        IngestResult result = await _store.IngestAsync(new MemoryStream(data));

        result.Hashmap.Count.Should().Be(3);
        (await ReadBackAsync(result.Hashmap)).Should().Equal(data);
    }

    [Test]
    public async Task IngestAsync_FailingStream_ThrowsAndLeavesNoTempFiles()
    {
        var stream = new FaultyStream(failAfter: 50 * Bs, length: 500 * Bs);

        Func<Task> ingest = async () => await _store.IngestAsync(stream);

        await ingest.Should().ThrowAsync<IOException>().WithMessage("*Injected*");
        LeftoverTempFiles().Should().BeEmpty();
        (await _store.IngestAsync(new MemoryStream(TestData.Random(Bs, 9)))).NewBlocks.Should().Be(1, "the store stays usable");
    }

    [Test]
    public async Task IngestAsync_Cancelled_ThrowsPromptlyAndLeavesNoTempFiles()
    {
        using var cts = new CancellationTokenSource();
        var stream = new FaultyStream(failAfter: 50 * Bs, length: long.MaxValue, cancelAtFault: cts);

        Func<Task> ingest = async () => await _store.IngestAsync(stream, cancellationToken: cts.Token);

        await ingest.Should().ThrowAsync<OperationCanceledException>();
        stream.BytesRead.Should().BeLessThan(100 * Bs);
        LeftoverTempFiles().Should().BeEmpty();
    }

    [Test]
    public async Task IngestAsync_Progress_ReportsBytesInOrderUpToSize()
    {
        byte[] data = TestData.Random((40 * Bs) + 1, 6);
        var reports = new List<long>();

        await _store.IngestAsync(new MemoryStream(data), new IngestOptions { Progress = new SynchronousProgress<long>(reports.Add) });

        reports.Should().HaveCount(41).And.BeInAscendingOrder();
        reports[^1].Should().Be(data.Length);
    }

    [Test]
    public async Task IngestAsync_ConcurrentIngestsOfOverlappingData_AllReadBack()
    {
        byte[] shared = TestData.Random(16 * Bs, 7);
        byte[][] inputs = Enumerable.Range(0, 6)
            .Select(i => shared.Concat(TestData.Random((8 * Bs) + i, 100 + i)).ToArray())
            .ToArray();

        IngestResult[] results = await Task.WhenAll(inputs.Select(d => _store.IngestAsync(new MemoryStream(d)).AsTask()));

        for (int i = 0; i < inputs.Length; i++)
        {
            (await ReadBackAsync(results[i].Hashmap)).Should().Equal(inputs[i]);
        }

        int distinct = results.SelectMany(r => r.Hashmap.ToArray()).Distinct().Count();
        distinct.Should().Be(16 + 8 + (5 * 9));
        results.Sum(r => r.NewBlocks).Should().BeGreaterThanOrEqualTo(distinct, "every distinct block was new to the store once");
        LeftoverTempFiles().Should().BeEmpty();
    }

    [Test]
    public async Task IngestAsync_MoreBlocksThanOneGroupCommit_AllDurableAndReadable()
    {
        int blocks = (FileSystemWriteBatch.CommitEvery * 3) + 5;
        byte[] data = TestData.Random(blocks * Bs, 8);

        IngestResult result = await _store.IngestAsync(new MemoryStream(data), new IngestOptions { MaxDegreeOfParallelism = 3 });

        result.NewBlocks.Should().Be(blocks);
        (await ReadBackAsync(result.Hashmap)).Should().Equal(data);
        LeftoverTempFiles().Should().BeEmpty();
    }
}
