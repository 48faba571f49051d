using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Ingestion;

/// <summary>
/// Ingestion over a store that fails chosen puts (seeded): every ingest either completes with every block readable,
/// or throws and leaves the store as sound as before (no temp files, no block that reads wrong), and a retry over
/// the healthy store completes.
/// </summary>
public sealed class BlockIngestionFaultTests
{
    private const int Bs = 4096;

    private static IEnumerable<TestCaseData> Seeds() =>
        Enumerable.Range(0, 12).Select(seed => new TestCaseData(seed).SetName($"IngestAsync_FaultySeed{seed}_CompletesOrLeavesStoreSound"));

    [TestCaseSource(nameof(Seeds))]
    public async Task IngestAsync_FaultyStore_CompletesOrLeavesStoreSound(int seed)
    {
        using var folder = new TempDirectory();
        using var files = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = folder.FullPath, BlockSize = Bs });
        var faulty = new FaultInjectingBlockStore(files, seed, rate: 0.08, BlockFault.ThrowBefore, BlockFault.ThrowAfter, BlockFault.DiskFull, BlockFault.TornWrite);
        byte[] data = TestData.Sparse(60 * Bs, seed, Bs);

        IngestResult? result = null;
        try
        {
            result = await faulty.IngestAsync(new MemoryStream(data), new IngestOptions { MaxDegreeOfParallelism = 1 + (seed % 3) });
        }
        catch (IOException error)
        {
            error.Message.Should().Contain("njected");
        }

        Directory.GetFiles(Path.Combine(folder.FullPath, "tmp"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).Should().BeEmpty("no temp file outlives a failed put");
        await ShouldHoldOnlySoundBlocksOrTornOnesAsync(files);
        (result is null).Should().Be(faulty.FaultsInjected > 0, "an ingest fails exactly when it met a fault");

        IngestResult retry = await files.IngestAsync(new MemoryStream(data));
        retry.TopHash.Should().Be((await PithosStreamHasher.HashAsync(new MemoryStream(data), Bs)).TopHash);
        var buffer = new byte[Bs];
        foreach (BlockHash hash in retry.Hashmap.ToArray())
        {
            await files.ReadAsync(hash, buffer);
        }
    }

    /// <summary>Every block file reads back whole, except torn ones, which must be reported as corrupt (never returned).</summary>
    private static async Task ShouldHoldOnlySoundBlocksOrTornOnesAsync(FileSystemBlockStore store)
    {
        var buffer = new byte[store.BlockSize];
        await foreach (BlockHash hash in store.EnumerateAsync())
        {
            try
            {
                await store.ReadAsync(hash, buffer);
                PithosHash.HashBlock(buffer).Should().Be(hash);
            }
            catch (BlockIntegrityException error)
            {
                error.Hash.Should().Be(hash);
            }
        }
    }
}
