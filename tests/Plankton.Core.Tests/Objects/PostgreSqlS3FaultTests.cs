using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using Plankton.Core.Exceptions;
using Plankton.Core.Blocks;
using Plankton.Core.Images;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.PostgreSql;
using Plankton.Core.S3;
using Plankton.Core.Tests.Images;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// A server of the scaled-out deployment (PostgreSQL catalogue, S3 blocks) goes down in the middle of an image
/// upload: the client reaches it through a <see cref="CuttableTcpProxy"/> that the test cuts once a third of the
/// image has been read from the caller's stream, so the outage is real from the client's side. The upload fails
/// with a typed exception within bounded time; after the restore a fresh store opens, no active image comes of the
/// failed upload, every block count equals the versions' hashmaps, and the same upload succeeds and reads back.
/// </summary>
[TestFixture]
public sealed class PostgreSqlS3FaultTests : S3ServerFixture
{
    private const int BlockSize = 64 * 1024;
    private const int DataLength = (48 * BlockSize) + 1234;
    private const string User = "alice";

    private string _connectionString = string.Empty;

    [OneTimeSetUp]
    public void Connect() => _connectionString = PostgreSqlTestServer.ConnectionStringOrSkip();

    /// <summary>The database goes away after <paramref name="thirds"/> thirds of the image were read (3: at the end of the data, before the version is committed).</summary>
    [TestCase(1)]
    [TestCase(3)]
    public async Task ImagePut_DatabaseDownMidway_FailsUnavailableAndTheStoreStaysConsistent(int thirds)
    {
        await using CuttableTcpProxy proxy = await ProxyToDatabaseAsync();
        PostgreSqlObjectStoreOptions options = ThroughProxy(proxy);
        byte[] data = RandomBytes(DataLength, seed: 11);
        using var blocks = new S3BlockStore(Server.NewOptions(BlockSize));
        try
        {
            // The store of a service that lives through the outage.
            using PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(options, blocks);
            var backend = new PithosImageBackend(store);
            var stream = new CallbackStream(data, DataLength / 3 * thirds, () =>
            {
                proxy.Cut();
                return Task.CompletedTask;
            });

            Exception failure = await FailsWithinLimitAsync<PlanktonException>(backend.PutAsync(User, stream, new ImageCreateRequest { Name = "disk" }).AsTask());

            failure.Should().BeOfType<CatalogueUnavailableException>("an unreachable catalogue is reported as such: {0}", failure);
            failure.InnerException.Should().BeAssignableTo<NpgsqlException>();
            TestContext.Out.WriteLine($"{failure.GetType().Name}: {failure.Message}");

            proxy.Restore();
            await AssertConsistentAndRepeatSucceedsAsync(Settled(options), blocks, data, leftoverAllowed: true);

            // The failed upload's lease (with its pins) could not be released while the catalogue was down.
            await AssertLeasesReleasedAsync(options);
            await CollectAndAssertOnlyReferencedBlocksRemainAsync(Settled(options), blocks);
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, options.Schema);
        }
    }

    /// <summary>
    /// The database goes away while a garbage collection deletes blocks, after it marked a batch and deleted some of
    /// it from S3: the collection fails as unavailable; once the database is back, the marks left behind are finished
    /// by the next collection, which leaves only the blocks of the live image.
    /// </summary>
    [Test]
    public async Task CollectGarbage_DatabaseDownMidway_FailsUnavailableAndTheNextCollectionFinishes()
    {
        await using CuttableTcpProxy proxy = await ProxyToDatabaseAsync();
        PostgreSqlObjectStoreOptions options = ThroughProxy(proxy);
        using var s3 = new S3BlockStore(Server.NewOptions(BlockSize));
        var blocks = new DeleteCallbackBlockStore(s3, deletesBefore: 3, proxy.Cut);
        try
        {
            using PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(options, blocks);
            var backend = new PithosImageBackend(store);
            var images = new List<ImageRecord>();
            for (int i = 0; i < 4; i++)
            {
                images.Add(await backend.PutAsync(User, new MemoryStream(RandomBytes(6 * BlockSize, seed: 20 + i)), new ImageCreateRequest { Name = $"disk{i}" }));
            }

            foreach (ImageRecord image in images.Skip(1))
            {
                await backend.DeleteAsync(User, image.Id);
                await store.DeleteAsync(User, ObjectPath.ParseLocation(image.Location));
                await store.PurgeAsync(User, ObjectPath.ParseLocation(image.Location), DateTimeOffset.MaxValue);
            }

            Exception failure = await FailsWithinLimitAsync<PlanktonException>(store.CollectGarbageAsync(new GarbageCollectionOptions { BatchSize = 4 }).AsTask());

            failure.Should().BeOfType<CatalogueUnavailableException>("an unreachable catalogue is reported as such: {0}", failure);
            proxy.Restore();
            (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, "SELECT COUNT(*) FROM blocks WHERE state <> 0"))
                .Should().BePositive("the collection was cut between marking blocks and removing their rows");
            await PostgreSqlBlockReferenceAudit.AssertConsistentAsync(_connectionString, options.Schema, s3);
            await AssertLeasesReleasedAsync(options);
            await CollectAndAssertOnlyReferencedBlocksRemainAsync(Settled(options), s3);
            byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await backend.OpenReadAsync(User, images[0].Id));
            read.Should().Equal(RandomBytes(6 * BlockSize, seed: 20), "the live image kept every block");
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, options.Schema);
        }
    }

    [Test]
    public async Task ImagePut_BlockServerDownMidway_FailsTypedLeavesNoImageAndNoGarbageAfterCollection()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions blockOptions = ThroughProxy(proxy, BlockSize);
        PostgreSqlObjectStoreOptions options = PostgreSqlTestServer.NewOptions(_connectionString);
        byte[] data = RandomBytes(DataLength, seed: 12);
        using var blocks = new S3BlockStore(blockOptions);
        try
        {
            using (PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(options, blocks))
            {
                var backend = new PithosImageBackend(store);
                proxy.CutAfterUpstreamBytes(DataLength / 3);

                Exception failure = await FailsWithinLimitAsync<PlanktonException>(backend.PutAsync(User, new MemoryStream(data), new ImageCreateRequest { Name = "disk" }).AsTask());

                failure.Should().BeOfType<S3BlockStoreException>().Which.IsTransient.Should().BeTrue();
                proxy.WhenCut.IsCompleted.Should().BeTrue("the block server went away during the upload");
            }

            proxy.Restore();
            await AssertConsistentAndRepeatSucceedsAsync(options, blocks, data, leftoverAllowed: false);
            await CollectAndAssertOnlyReferencedBlocksRemainAsync(options, blocks);
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, options.Schema);
        }
    }

    /// <summary>
    /// A fresh store opens; the failed upload left no active image (with the catalogue down it may leave its image
    /// "saving", which the owner deletes); counts are exact; the same upload then succeeds and reads back.
    /// </summary>
    private async Task AssertConsistentAndRepeatSucceedsAsync(PostgreSqlObjectStoreOptions options, S3BlockStore blocks, byte[] data, bool leftoverAllowed)
    {
        using PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(options, blocks);
        var backend = new PithosImageBackend(store);
        IReadOnlyList<ImageRecord> left = (await backend.ListAsync(User)).Images;
        TestContext.Out.WriteLine($"left after the failure: {string.Join(", ", left.Select(static i => $"{i.Id} {i.Status} {i.Size}"))}");
        left.Should().NotContain(i => i.Status == ImageStatus.Active, "a failed upload leaves no active image");
        await PostgreSqlBlockReferenceAudit.AssertConsistentAsync(_connectionString, options.Schema, blocks);
        if (leftoverAllowed)
        {
            left.Should().OnlyContain(i => i.Status == ImageStatus.Saving && i.Size == 0, "all that may remain is the placeholder the failed upload could not remove");
            foreach (ImageRecord image in left)
            {
                await backend.DeleteAsync(User, image.Id);
                await store.DeleteAsync(User, ObjectPath.ParseLocation(image.Location));
                await store.PurgeAsync(User, ObjectPath.ParseLocation(image.Location), DateTimeOffset.MaxValue);
            }
        }
        else
        {
            left.Should().BeEmpty("the backend removed the image of the failed upload");
        }

        ImageRecord repeated = await backend.PutAsync(User, new MemoryStream(data), new ImageCreateRequest { Name = "disk" });

        byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await backend.OpenReadAsync(User, repeated.Id));

        repeated.Status.Should().Be(ImageStatus.Active);
        read.Should().Equal(data);
        (await backend.ListAsync(User)).Images.Select(static i => i.Id).Should().Equal(repeated.Id);
        await PostgreSqlBlockReferenceAudit.AssertConsistentAsync(_connectionString, options.Schema, blocks);
    }

    /// <summary>
    /// The same catalogue through the proxy with ordinary timeouts, for the checks after the restore. The short
    /// timeouts of <see cref="ThroughProxy"/> make the outage quick to detect; once the database is back, the
    /// in-process proxy's relay can lag by seconds while the test host is busy with other fixtures, and a 5 s command
    /// timeout then failed a healthy repeat in CI (no database session was waiting on a lock meanwhile).
    /// </summary>
    private static PostgreSqlObjectStoreOptions Settled(PostgreSqlObjectStoreOptions outage)
    {
        var connection = new NpgsqlConnectionStringBuilder(outage.ConnectionString) { Timeout = 15, CommandTimeout = 60 };
        return new PostgreSqlObjectStoreOptions
        {
            ConnectionString = connection.ConnectionString,
            Schema = outage.Schema,
            LeaseDuration = outage.LeaseDuration,
        };
    }

    /// <summary>A proxy in front of the test database server.</summary>
    private async Task<CuttableTcpProxy> ProxyToDatabaseAsync()
    {
        var direct = new NpgsqlConnectionStringBuilder(_connectionString);
        IPAddress server = (await Dns.GetHostAddressesAsync(direct.Host!)).First(static a => a.AddressFamily == AddressFamily.InterNetwork);
        return new CuttableTcpProxy(new Uri($"tcp://{server}:{direct.Port}"));
    }

    /// <summary>Options for a catalogue in a new schema reached through <paramref name="proxy"/>, with short timeouts and leases.</summary>
    private PostgreSqlObjectStoreOptions ThroughProxy(CuttableTcpProxy proxy)
    {
        var proxied = new NpgsqlConnectionStringBuilder(_connectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3, CommandTimeout = 5 };
        PostgreSqlObjectStoreOptions options = PostgreSqlTestServer.NewOptions(proxied.ConnectionString);
        options.LockTimeout = TimeSpan.FromSeconds(5);
        options.LeaseDuration = TimeSpan.FromSeconds(3);
        return options;
    }

    /// <summary>
    /// The leases that could not be released while the catalogue was down are released by the store that lived
    /// through the outage, within a third of the lease duration of the catalogue coming back.
    /// </summary>
    private async Task AssertLeasesReleasedAsync(PostgreSqlObjectStoreOptions options)
    {
        const string CountLeases = "SELECT COUNT(*) FROM leases";
        var waited = Stopwatch.StartNew();
        while (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, CountLeases) > 0 && waited.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100);
        }

        (await PostgreSqlTestServer.ScalarAsync(_connectionString, options.Schema, CountLeases)).Should().Be(0, "the leases are released once the catalogue is back");
    }

    /// <summary>A collection in this process (which lived through the outage) frees everything the failed upload left, its lease and pins included.</summary>
    private async Task CollectAndAssertOnlyReferencedBlocksRemainAsync(PostgreSqlObjectStoreOptions options, IBlockStore blocks)
    {
        using (PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(options, blocks))
        {
            await store.CollectGarbageAsync();
        }

        await PostgreSqlBlockReferenceAudit.AssertOnlyReferencedBlocksRemainAsync(_connectionString, options.Schema, blocks);
    }
}
