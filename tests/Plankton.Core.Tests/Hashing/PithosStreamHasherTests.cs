using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Hashing;

public sealed class PithosStreamHasherTests
{
    private const int Bs = 4096;

    private static IEnumerable<TestCaseData> BoundarySizes()
    {
        foreach (int size in new[] { 0, 1, Bs - 1, Bs, Bs + 1, (2 * Bs) - 1, 2 * Bs, (37 * Bs) + 5, 64 * Bs, (64 * Bs) + 1 })
        {
            yield return new TestCaseData(size).SetName($"HashAsync_Size{size}_MatchesReference");
        }
    }

    private static void ShouldMatchReference(Hashmap hashmap, byte[] data, int blockSize)
    {
        List<byte[]> expected = ReferencePithosHash.Hashmap(data, blockSize);
        hashmap.Size.Should().Be(data.Length);
        hashmap.BlockSize.Should().Be(blockSize);
        hashmap.ToArray().Select(h => h.ToString()).Should().Equal(expected.Select(h => Convert.ToHexString(h).ToLowerInvariant()));
        hashmap.TopHash.ToString().Should().Be(ReferencePithosHash.TopHash(expected));
    }

    [TestCaseSource(nameof(BoundarySizes))]
    public async Task HashAsync_BoundarySize_MatchesReference(int size)
    {
        byte[] data = TestData.Random(size, size);

        Hashmap hashmap = await PithosStreamHasher.HashAsync(new MemoryStream(data), Bs);

        ShouldMatchReference(hashmap, data, Bs);
        hashmap.Count.Should().Be(size == 0 ? 1 : (size + Bs - 1) / Bs);
    }

    [Test]
    public async Task HashAsync_EmptyStream_HashmapIsSha256OfEmpty()
    {
        Hashmap hashmap = await PithosStreamHasher.HashAsync(new MemoryStream());

        hashmap.ToArray().Should().Equal(BlockHash.Empty);
        hashmap.TopHash.Should().Be(BlockHash.Empty);
        hashmap.Size.Should().Be(0);
    }

    [Test]
    public async Task HashAsync_AllZeroBlocks_EveryBlockIsEmptyHash()
    {
        var data = new byte[(5 * Bs) + 100];

        Hashmap hashmap = await PithosStreamHasher.HashAsync(new MemoryStream(data), Bs);

        hashmap.ToArray().Should().OnlyContain(h => h == BlockHash.Empty).And.HaveCount(6);
        ShouldMatchReference(hashmap, data, Bs);
    }

    [Test]
    public async Task HashAsync_BlocksWithTrailingZeros_MatchReference()
    {
        byte[] data = TestData.Random(8 * Bs, 3);
        for (int block = 0; block < 8; block++)
        {
            data.AsSpan((block * Bs) + (block * 500), Bs - (block * 500)).Clear();
        }

        Hashmap hashmap = await PithosStreamHasher.HashAsync(new MemoryStream(data), Bs);

        ShouldMatchReference(hashmap, data, Bs);
    }

    [Test]
    public async Task HashAsync_DefaultBlockSize_MultiBlockMatchesReference()
    {
        byte[] data = TestData.Sparse((3 * HashingConstants.DefaultBlockSize) + 12345, 11, HashingConstants.DefaultBlockSize);

        Hashmap hashmap = await PithosStreamHasher.HashAsync(new MemoryStream(data));

        ShouldMatchReference(hashmap, data, HashingConstants.DefaultBlockSize);
    }

    [Test]
    public async Task HashAsync_RandomInputs_MatchPlainReferenceImplementation()
    {
        var random = new Random(2026);
        for (int trial = 0; trial < 60; trial++)
        {
            int blockSize = 4096 << random.Next(3);
            int size = random.Next(0, 20 * blockSize);
            byte[] data = TestData.Sparse(size, trial, blockSize);
            var options = new IngestOptions { MaxDegreeOfParallelism = 1 + random.Next(4), MaxBufferedBytes = blockSize * (2 + random.Next(6)) };

            Hashmap hashmap = await PithosStreamHasher.HashAsync(new ShortReadStream(data, 1 + random.Next(3 * blockSize)), blockSize, options);

            ShouldMatchReference(hashmap, data, blockSize);
        }
    }

    [Test]
    public async Task HashAsync_ExposedMemoryStream_HashesFromPositionAndConsumesIt()
    {
        byte[] data = TestData.Sparse((9 * Bs) + 10, 12, Bs);
        var stream = new MemoryStream(data, 0, data.Length, writable: false, publiclyVisible: true) { Position = 100 };

        Hashmap hashmap = await PithosStreamHasher.HashAsync(stream, Bs);

        ShouldMatchReference(hashmap, data[100..], Bs);
        stream.Position.Should().Be(data.Length);
    }

    [Test]
    public async Task HashAsync_ExpandableMemoryStream_MatchesCopyingPath()
    {
        byte[] data = TestData.Random((5 * Bs) + 1, 13);
        var exposed = new MemoryStream();
        exposed.Write(data);
        exposed.Position = 0;

        Hashmap viaSlices = await PithosStreamHasher.HashAsync(exposed, Bs);
        Hashmap viaCopies = await PithosStreamHasher.HashAsync(new ShortReadStream(data, 777), Bs);

        viaSlices.ToArray().Should().Equal(viaCopies.ToArray());
        ShouldMatchReference(viaSlices, data, Bs);
    }

    [Test]
    public async Task HashAsync_OneBytePerRead_MatchesReference()
    {
        byte[] data = TestData.Random((3 * Bs) + 7, 5);
        var stream = new ShortReadStream(data, 1);

        Hashmap hashmap = await PithosStreamHasher.HashAsync(stream, Bs);

        ShouldMatchReference(hashmap, data, Bs);
        stream.ReadCalls.Should().BeGreaterThanOrEqualTo(data.Length);
    }

    [Test]
    public async Task HashAsync_StreamThrowsMidway_PropagatesTheError()
    {
        var stream = new FaultyStream(failAfter: 10 * Bs, length: 100 * Bs);

        Func<Task> hash = async () => await PithosStreamHasher.HashAsync(stream, Bs);

        await hash.Should().ThrowAsync<IOException>().WithMessage("*Injected failure*");
        stream.BytesRead.Should().BeLessThan(100 * Bs);
    }

    [Test]
    public async Task HashAsync_CancelledMidway_ThrowsAndStopsReading()
    {
        using var cts = new CancellationTokenSource();
        var stream = new FaultyStream(failAfter: 10 * Bs, length: long.MaxValue, cancelAtFault: cts);

        Func<Task> hash = async () => await PithosStreamHasher.HashAsync(stream, Bs, cancellationToken: cts.Token);

        await hash.Should().ThrowAsync<OperationCanceledException>();
        stream.BytesRead.Should().BeLessThan(20 * Bs);
    }

    [Test]
    public async Task HashAsync_AlreadyCancelled_Throws()
    {
        Func<Task> hash = async () => await PithosStreamHasher.HashAsync(new MemoryStream(new byte[10]), Bs, cancellationToken: new CancellationToken(true));

        await hash.Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task HashAsync_Progress_ReportsEachBlockInOrderEndingAtSize()
    {
        byte[] data = TestData.Random((10 * Bs) + 3, 8);
        var reports = new List<long>();
        var options = new IngestOptions { Progress = new SynchronousProgress<long>(reports.Add) };

        await PithosStreamHasher.HashAsync(new MemoryStream(data), Bs, options);

        reports.Should().HaveCount(11).And.BeInAscendingOrder();
        reports[^1].Should().Be(data.Length);
    }

    [Test]
    public async Task HashAsync_InvalidBlockSize_ThrowsBeforeReading()
    {
        var stream = new ShortReadStream(new byte[10], 10);

        Func<Task> hash = async () => await PithosStreamHasher.HashAsync(stream, 1000);

        await hash.Should().ThrowAsync<ArgumentOutOfRangeException>();
        stream.ReadCalls.Should().Be(0);
    }

    [Test]
    public void SlotCount_LargeBlocksOrSmallBudget_IsBoundedByMemoryButAtLeastTwo()
    {
        var options = new IngestOptions { MaxDegreeOfParallelism = 16, MaxBufferedBytes = 32 * 1024 * 1024 };

        options.SlotCount(4 * 1024 * 1024, options.WorkerCount(writes: true)).Should().Be(8);
        options.SlotCount(64 * 1024 * 1024, options.WorkerCount(writes: false)).Should().Be(2);
        new IngestOptions { MaxDegreeOfParallelism = 2 }.SlotCount(4 * 1024 * 1024, 2).Should().Be(4);
    }
}
