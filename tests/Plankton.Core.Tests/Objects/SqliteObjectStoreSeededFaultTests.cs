using Plankton.Core.Exceptions;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// The object-store writes over SQLite whose block store fails chosen calls (seeded: throw before/after, disk full,
/// torn write, on every kind of block call), 40 seeds per operation on one store: each either completes and reads
/// back byte-identical, or throws a typed <see cref="PlanktonException"/> or the injected <see cref="IOException"/>
/// and leaves everything the owner sees and every catalogue row as before (blocks already stored may stay:
/// content-addressed and harmless); a retry over the healthy store completes.
/// </summary>
public sealed class SqliteObjectStoreSeededFaultTests
{
    private const int Bs = FaultyPithosStore.BlockSize;
    private const int Seeds = 40;
    private const string Owner = "alice";
    private const string Container = "images";
    private const string Domain = "plankton";

    [TestCase("write-stream")]
    [TestCase("write-hashmap")]
    [TestCase("copy")]
    public async Task Fault_Write_OverAFaultyBlockStore_CompletesOrChangesNothingVisible(string operation)
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        using FaultyPithosStore pithos = await FaultyPithosStore.OpenAsync(seed: 0, rate: 0.2, time);
        await pithos.Store.EnsureAccountAsync(Owner, Owner);
        await pithos.Store.EnsureContainerAsync(Owner, Owner, Container);
        int failures = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            failures += await RunSeedAsync(pithos, operation, seed) ? 0 : 1;
        }

        TestContext.Out.WriteLine($"{operation}: {failures} of {Seeds} seeds failed and were rolled back");
        if (operation != "copy")
        {
            failures.Should().BeGreaterThan(0, "the seeds reach the failure paths of a write that touches blocks");
        }
    }

    /// <summary>Runs one seed; returns whether the write completed.</summary>
    private static async Task<bool> RunSeedAsync(FaultyPithosStore pithos, string operation, int seed)
    {
        SqliteObjectStore store = pithos.Store;
        byte[] sourceData = TestData.Random((3 * Bs) + 11, 1000 + seed);
        byte[] newData = TestData.Random((5 * Bs) + seed, seed);
        await store.WriteAsync(Owner, PathOf($"source-{seed}"), new MemoryStream(sourceData), new ObjectWriteOptions
        {
            MetadataDomain = Domain,
            Metadata = new Dictionary<string, string> { ["k"] = "v" },
        });
        IngestResult staged = await pithos.Files.IngestAsync(new MemoryStream(newData));
        string visible = await ObjectStoreSnapshot.DescribeAsync(store, Owner, Domain);
        string rows = await pithos.DescribeCatalogueAsync();
        byte[] expected = operation == "copy" ? sourceData : newData;

        Exception? error = await pithos.RunArmedAsync(seed, () => RunAsync(store, operation, seed, staged, newData));
        if (error is not null)
        {
            (await ObjectStoreSnapshot.DescribeAsync(store, Owner, Domain)).Should().Be(visible, "a failed {0} changes nothing visible (seed {1})", operation, seed);
            (await pithos.DescribeCatalogueAsync()).Should().Be(rows, "a failed {0} leaves no catalogue row (seed {1})", operation, seed);
            await RunAsync(store, operation, seed, staged, newData);
        }

        (await ReadAsync(store, $"new-{seed}")).Should().Equal(expected, "the {0} reads back byte-identical (seed {1})", operation, seed);
        (await ReadAsync(store, $"source-{seed}")).Should().Equal(sourceData, "the other objects are untouched (seed {0})", seed);
        return error is null;
    }

    private static async Task RunAsync(SqliteObjectStore store, string operation, int seed, IngestResult staged, byte[] data)
    {
        switch (operation)
        {
            case "write-stream":
                await store.WriteAsync(Owner, PathOf($"new-{seed}"), new MemoryStream(data));
                break;
            case "write-hashmap":
                await store.WriteHashmapAsync(Owner, PathOf($"new-{seed}"), staged.Size, staged.Hashmap.ToArray());
                break;
            default:
                await store.CopyAsync(Owner, PathOf($"source-{seed}"), PathOf($"new-{seed}"));
                break;
        }
    }

    private static ObjectPath PathOf(string name) => new(Owner, Container, name);

    private static async Task<byte[]> ReadAsync(SqliteObjectStore store, string name) =>
        await StreamBytes.ReadAllAndDisposeAsync(await store.OpenReadAsync(Owner, PathOf(name)));
}
