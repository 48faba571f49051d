using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.Tests.Images;

/// <summary>
/// The block-touching image operations over Pithos + SQLite whose block store fails chosen calls (seeded: throw
/// before/after, disk full, torn write, on puts, reads, look-ups and deletes), 40 seeds per operation on one store:
/// each run either completes and reads back byte-identical, or throws a typed <see cref="PlanktonException"/> or the
/// injected <see cref="IOException"/> and leaves what the owner sees exactly as it was; either way every other image
/// still reads back whole, and the operation succeeds when repeated over the healthy store.
/// </summary>
public sealed class PithosImageBackendFaultTests
{
    private const int Bs = FaultyPithosStore.BlockSize;
    private const int Seeds = 40;
    private const string Owner = "alice";

    [TestCase("put")]
    [TestCase("upload")]
    [TestCase("register")]
    [TestCase("clone")]
    [TestCase("read")]
    [TestCase("delete")]
    public async Task Fault_Operation_OverAFaultyBlockStore_CompletesOrChangesNothingVisible(string operation)
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2026, 5, 1, 9, 0, 0, TimeSpan.Zero));
        using FaultyPithosStore pithos = await FaultyPithosStore.OpenAsync(seed: 0, rate: 0.2, time);
        var backend = new PithosImageBackend(pithos.Store, null, time);
        int failures = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            failures += await RunSeedAsync(pithos, backend, operation, seed) ? 0 : 1;
        }

        TestContext.Out.WriteLine($"{operation}: {failures} of {Seeds} seeds failed and were rolled back");
        if (operation is "put" or "upload" or "read")
        {
            failures.Should().BeGreaterThan(0, "the seeds reach the failure paths of an operation that touches blocks");
        }
    }

    /// <summary>Runs one seed; returns whether the operation completed.</summary>
    private static async Task<bool> RunSeedAsync(FaultyPithosStore pithos, PithosImageBackend backend, string operation, int seed)
    {
        byte[] sourceData = TestData.Random((3 * Bs) + 11, 1000 + seed);
        byte[] looseData = TestData.Random((2 * Bs) + 5, 2000 + seed);
        byte[] newData = TestData.Random((5 * Bs) + seed, seed);
        ImageRecord source = await backend.PutAsync(Owner, new MemoryStream(sourceData), new ImageCreateRequest { Name = $"source-{seed}" });
        await pithos.Store.WriteAsync(Owner, new ObjectPath(Owner, ImageConstants.DefaultContainer, $"loose-{seed}"), new MemoryStream(looseData));
        string before = await ImageSnapshot.DescribeAsync(backend, Owner);
        (byte[] Expected, bool Deleted) outcome = operation switch
        {
            "register" => (looseData, false),
            "clone" or "read" => (sourceData, false),
            "delete" => (sourceData, true),
            _ => (newData, false),
        };

        (ImageRecord? Record, byte[]? Read) result = default;
        Exception? error = await pithos.RunArmedAsync(seed, async () => result = await RunAsync(backend, operation, seed, source.Id, newData));
        if (error is not null)
        {
            (await ImageSnapshot.DescribeAsync(backend, Owner)).Should().Be(before, "a failed {0} changes nothing the owner sees (seed {1})", operation, seed);
            result = await RunAsync(backend, operation, seed, source.Id, newData);
        }

        if (result.Read is not null)
        {
            result.Read.Should().Equal(outcome.Expected, "a read returns the image's bytes (seed {0})", seed);
        }
        else if (outcome.Deleted)
        {
            result.Record!.Status.Should().Be(ImageStatus.Deleted);
        }
        else
        {
            result.Record!.Status.Should().Be(ImageStatus.Active);
            (await ReadImageAsync(backend, result.Record.Id)).Should().Equal(outcome.Expected, "a completed {0} reads back byte-identical (seed {1})", operation, seed);
        }

        if (!outcome.Deleted)
        {
            (await ReadImageAsync(backend, source.Id)).Should().Equal(sourceData, "the other images are untouched (seed {0})", seed);
        }

        return error is null;
    }

    private static async Task<(ImageRecord? Record, byte[]? Read)> RunAsync(PithosImageBackend backend, string operation, int seed, Guid source, byte[] data)
    {
        switch (operation)
        {
            case "put":
                return (await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = $"new-{seed}", Size = data.Length }), null);
            case "upload":
                return ((await backend.UploadAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = $"new-{seed}" })).Image, null);
            case "register":
                return (await backend.RegisterAsync(Owner, $"pithos://{Owner}/{ImageConstants.DefaultContainer}/loose-{seed}", new ImageCreateRequest { Name = $"registered-{seed}" }), null);
            case "clone":
                return (await backend.CloneAsync(Owner, source, new ImageCloneRequest { Name = $"clone-{seed}" }), null);
            case "read":
                return (null, await ReadImageAsync(backend, source));
            default:
                return (await backend.DeleteAsync(Owner, source), null);
        }
    }

    private static async Task<byte[]> ReadImageAsync(PithosImageBackend backend, Guid id) =>
        await StreamBytes.ReadAllAndDisposeAsync(await backend.OpenReadAsync(Owner, id));
}
