using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Ingestion;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Ingestion;

/// <summary>
/// The ingestion pipeline with a batch that reserves blocks before their puts (the catalogue's pins): every put
/// follows its block's reservation, the reservations come in groups, and a failing or cancelled reservation ends the
/// ingest with its error and no hang.
/// </summary>
public sealed class ReservingIngestionTests
{
    private const int Bs = 256 * 1024;

    [Test]
    public async Task Ingest_ReservesEveryBlockBeforeItsPut_InFewerCallsThanBlocks()
    {
        byte[] data = TestData.Random((48 * Bs) + 1000, 41);
        var store = new ReservingBlockStore(Bs);

        IngestResult result = await store.IngestAsync(new MemoryStream(data));

        IngestResult plain = await new InMemoryBlockStore(Bs).IngestAsync(new MemoryStream(data));
        result.Hashmap.ToArray().Should().Equal(plain.Hashmap.ToArray());
        store.UnreservedPuts.Should().Be(0, "a block is put only once its reservation is made");
        store.Puts.Should().Be(49);
        store.Reserved.Should().BeEquivalentTo(result.Hashmap.ToArray().Distinct());
        store.Reservations.Should().BeLessThan(49, "blocks hashed in the same round are reserved together");
        (await store.GetMissingAsync(result.Hashmap.ToArray())).Should().BeEmpty();
    }

    [Test]
    public async Task Ingest_RepeatedAndZeroBlocks_AreReservedAndStoredOnce()
    {
        byte[] one = TestData.Random(Bs, 42);
        byte[] data = [.. one, .. one, .. new byte[Bs], .. one, .. new byte[Bs / 2]];
        var store = new ReservingBlockStore(Bs);

        IngestResult result = await store.IngestAsync(new MemoryStream(data));

        result.Hashmap.Count.Should().Be(5);
        store.UnreservedPuts.Should().Be(0);
        store.Reserved.Should().BeEquivalentTo(result.Hashmap.ToArray().Distinct());
    }

    [TestCase(1)]
    [TestCase(3)]
    public async Task Ingest_ReservationFails_FailsWithItsError(int failing)
    {
        byte[] data = TestData.Random(40 * Bs, 43);
        var store = new ReservingBlockStore(Bs) { FailReservation = failing };

        Func<Task> act = async () => await store.IngestAsync(new MemoryStream(data));

        (await act.Should().ThrowAsync<IOException>()).WithMessage($"reservation {failing} refused by the test");
        store.UnreservedPuts.Should().Be(0, "no block of a refused reservation is put");
    }

    [Test]
    public async Task Ingest_CancelledWhileReserving_EndsWithoutHanging()
    {
        byte[] data = TestData.Random(20 * Bs, 44);
        var store = new ReservingBlockStore(Bs) { BlockReservations = true };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Func<Task> act = async () => await store.IngestAsync(new MemoryStream(data), cancellationToken: cancel.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        store.Puts.Should().Be(0);
    }

    [Test]
    public async Task Ingest_SourceFailsWhileBlocksWaitForReservation_EndsWithTheSourceError()
    {
        var store = new ReservingBlockStore(Bs);

        Func<Task> act = async () => await store.IngestAsync(new FaultyStream(failAfter: (10 * Bs) + 77, length: 40L * Bs));

        await act.Should().ThrowAsync<IOException>();
        store.UnreservedPuts.Should().Be(0);
    }

    [Test]
    public void Stage_GroupsHashedBlocksWhileOthersAreHashedAndPut_AndReleasesThemWhenEitherRunsOut()
    {
        using var a = Started();
        using var b = Started();
        using var c = Started();
        using var d = Started();
        var stage = new ReservationStage();
        stage.Queued();
        stage.Queued();
        stage.Queued();

        stage.Hashed(a).Should().Equal([a], "nothing is being put: waiting would leave the store idle");
        stage.Hashed(b).Should().BeNull("a is being put and c is being hashed");
        stage.Hashed(c).Should().Equal([b, c], "nothing is left to hash");

        stage.Queued();
        stage.Queued();
        stage.Put().Should().BeNull("b and c are still to be put");
        stage.Hashed(d).Should().BeNull("b and c are being put and one more block is being hashed");
        stage.Put().Should().BeNull("c is still to be put");
        stage.Put().Should().Equal([d], "the last reserved block is put: d goes rather than let the store idle");
    }

    [Test]
    public async Task Stage_Abandon_FailsStagedSlotsAndEveryLaterOne()
    {
        using var a = Started();
        using var b = Started();
        using var c = Started();
        var stage = new ReservationStage();
        stage.Queued();
        stage.Queued();
        stage.Queued();
        stage.Hashed(c).Should().Equal([c]);
        stage.Hashed(a).Should().BeNull();

        var error = new IOException("source broke");
        stage.Abandon(error);
        stage.Hashed(b).Should().BeNull("the ingest is failing");

        Func<Task> waitA = async () => await a.WaitAsync();
        Func<Task> waitB = async () => await b.WaitAsync();
        (await waitA.Should().ThrowAsync<IOException>()).Which.Should().BeSameAs(error);
        (await waitB.Should().ThrowAsync<IOException>()).Which.Should().BeSameAs(error);
    }

    private static PipelineSlot Started()
    {
        var slot = new PipelineSlot(4096);
        slot.Start(new byte[16]);
        return slot;
    }
}
