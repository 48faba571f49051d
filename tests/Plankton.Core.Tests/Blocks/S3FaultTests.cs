using Plankton.Core.Blocks;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// The S3 server goes down in the middle of an upload: the client talks to the real server (Ceph radosgw in CI)
/// through a <see cref="CuttableTcpProxy"/> that refuses connections and resets the open ones once part of the data
/// has gone up. The upload fails with <see cref="S3BlockStoreException"/> within the store's bounded retries; after
/// the server is back the store is consistent and the same upload succeeds.
/// </summary>
[TestFixture(S3Server.CephRgw)]
[TestFixture(S3Server.SwiftS3Api)]
public sealed class S3FaultTests(S3Server kind) : S3ServerFixture(kind)
{
    private const int BlockSize = 64 * 1024;
    private const int DataLength = (48 * BlockSize) + 1234;

    private TempDirectory? _directory;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    [Test]
    public async Task ImagePut_ServerDownMidway_FailsTypedLeavesNoImageAndSucceedsWhenBack()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        string catalogue = _directory!.Combine("catalogue.db");
        byte[] data = RandomBytes(DataLength, seed: 1);

        using (var blocks = new S3BlockStore(options))
        using (SqliteObjectStore objects = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = catalogue }, blocks))
        {
            var backend = new PithosImageBackend(objects);
            proxy.CutAfterUpstreamBytes(DataLength / 3);

            Task<ImageRecord> put = backend.PutAsync("alice", new MemoryStream(data), new ImageCreateRequest { Name = "disk" }).AsTask();
            S3BlockStoreException failure = await FailsWithinLimitAsync<S3BlockStoreException>(put);

            proxy.WhenCut.IsCompleted.Should().BeTrue("the server went away during the upload");
            failure.IsTransient.Should().BeTrue();
            failure.StatusCode.Should().BeNull("no server answered");
            failure.Attempts.Should().Be(options.MaxRetries + 1);
        }

        proxy.Restore();
        await ShouldHoldOnlySoundBlocksAsync(options);
        using (var blocks = new S3BlockStore(options))
        using (SqliteObjectStore objects = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = catalogue }, blocks))
        {
            var backend = new PithosImageBackend(objects);
            (await backend.ListAsync("alice")).Images.Should().BeEmpty("a failed upload leaves no image");

            ImageRecord image = await backend.PutAsync("alice", new MemoryStream(data), new ImageCreateRequest { Name = "disk" });
            byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await backend.OpenReadAsync("alice", image.Id));

            image.Status.Should().Be(ImageStatus.Active);
            read.Should().Equal(data);
            (await backend.ListAsync("alice")).Images.Select(i => i.Id).Should().Equal(image.Id);
        }
    }

    [Test]
    public async Task Ingest_ServerDownMidway_FailsTypedAndTheRepeatStoresEveryBlock()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        byte[] data = RandomBytes(DataLength, seed: 2);
        using var store = new S3BlockStore(options);
        proxy.CutAfterUpstreamBytes(DataLength / 2);

        S3BlockStoreException failure = await FailsWithinLimitAsync<S3BlockStoreException>(store.IngestAsync(new MemoryStream(data)).AsTask());

        failure.Message.Should().Contain("no answer from the server");
        proxy.Restore();
        await ShouldHoldOnlySoundBlocksAsync(options);
        IngestResult again = await store.IngestAsync(new MemoryStream(data));
        again.Size.Should().Be(DataLength);
        (await store.GetMissingAsync(again.Hashmap.ToArray())).Should().BeEmpty();
        byte[] buffer = new byte[BlockSize];
        for (int i = 0; i < again.Hashmap.Count; i++)
        {
            int length = await store.ReadAsync(again.Hashmap.Blocks[i], buffer);
            buffer.AsSpan(0, length).SequenceEqual(data.AsSpan(i * BlockSize, length)).Should().BeTrue($"block {i} reads back");
        }
    }

    [Test]
    public async Task Proxy_CutAndRestored_RefusesThenServesAgain()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        options.MaxRetries = 0;
        using var store = new S3BlockStore(options);
        HashedBlock block = HashedBlock.Create(RandomBytes(100, seed: 3));

        proxy.Cut();
        Func<Task> down = async () => await store.PutAsync(block);
        await down.Should().ThrowAsync<S3BlockStoreException>();
        proxy.Restore();
        BlockPutOutcome outcome = await store.PutAsync(block);

        outcome.Should().Be(BlockPutOutcome.Stored);
        proxy.Connections.Should().BePositive("the store's requests went through the proxy");
    }

    /// <summary>Every object under the prefix (read directly, not through the proxy) is a whole, sound block: nothing partial was written.</summary>
    private async Task ShouldHoldOnlySoundBlocksAsync(S3BlockStoreOptions options)
    {
        S3BlockStoreOptions direct = options.Clone();
        direct.ServiceUrl = Server.Endpoint;
        using var store = new S3BlockStore(direct);
        byte[] buffer = new byte[BlockSize];
        int count = 0;
        await foreach (BlockHash hash in store.EnumerateAsync())
        {
            Func<Task> read = async () => await store.ReadAsync(hash, buffer);
            await read.Should().NotThrowAsync("block {0} must be whole", hash);
            count++;
        }

        (await Server.ListKeysAsync(options.KeyPrefix)).Should().HaveCount(count, "every key under the prefix is a block");
    }
}
