using Plankton.Core.Blocks;
using Plankton.Core.Hashing;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// What is particular to the S3 store's batch (background uploads) and to <see cref="S3BlockStoreOptions.TrustKnownBlocks"/>,
/// against the real server of <see cref="S3TestServer"/> seen through a <see cref="CuttableTcpProxy"/>, which counts
/// what the store sends and can take the server away.
/// </summary>
[TestFixture(S3Server.CephRgw)]
[TestFixture(S3Server.SwiftS3Api)]
public sealed class S3BlockStoreBatchTests(S3Server kind) : S3ServerFixture(kind)
{
    private const int BlockSize = 64 * 1024;

    [Test]
    public async Task BeginBatch_UploadFails_LaterPutsAndCommitThrowTheTypedErrorAndANewBatchSucceeds()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        options.MaxRetries = 0;
        using var store = new S3BlockStore(options);
        HashedBlock[] blocks = [.. Enumerable.Range(0, 8).Select(i => Block(seed: i))];

        S3BlockStoreException failure;
        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            (await batch.PutAsync(blocks[0])).Should().Be(BlockPutOutcome.Stored);
            await batch.CommitAsync();
            proxy.CutAfterUpstreamBytes(BlockSize / 2);
            (await batch.PutAsync(blocks[1])).Should().Be(BlockPutOutcome.Stored, "the check passed; the upload runs in the background");
            Func<Task> commit = async () => await batch.CommitAsync();
            failure = (await commit.Should().ThrowAsync<S3BlockStoreException>()).Which;
            proxy.WhenCut.IsCompleted.Should().BeTrue("the server went away during the upload");
            Func<Task> putAfter = async () => await batch.PutAsync(blocks[2]);
            (await putAfter.Should().ThrowAsync<S3BlockStoreException>("the batch stays failed")).Which.Should().BeSameAs(failure);
        }

        failure.IsTransient.Should().BeTrue();
        proxy.Restore();
        IBlockWriteBatch retry = store.BeginBatch();
        await using (retry)
        {
            BlockPutOutcome[] outcomes = [.. await Task.WhenAll(blocks.Select(b => retry.PutAsync(b).AsTask()))];
            await retry.CommitAsync();
            outcomes[0].Should().Be(BlockPutOutcome.AlreadyPresent);
        }

        (await store.GetMissingAsync([.. blocks.Select(b => b.Hash)])).Should().BeEmpty();
        byte[] buffer = new byte[BlockSize];
        foreach (HashedBlock block in blocks)
        {
            (await store.ReadAsync(block.Hash, buffer)).Should().Be(block.Content.Length);
        }
    }

    [Test]
    public async Task BeginBatch_SameBlockTwiceWhileUploading_StoredOnceAndReadableDirectlyAfterCommit()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        using var store = new S3BlockStore(ThroughProxy(proxy, BlockSize));
        HashedBlock block = Block(seed: 20);
        S3BlockStoreOptions directOptions = ThroughProxy(proxy, BlockSize);
        directOptions.ServiceUrl = Server.Endpoint;
        directOptions.KeyPrefix = store.KeyPrefix;
        using var direct = new S3BlockStore(directOptions);

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            (await batch.PutAsync(block)).Should().Be(BlockPutOutcome.Stored);
            (await batch.PutAsync(block)).Should().Be(BlockPutOutcome.AlreadyPresent, "the block is on its way in this batch");
            await batch.CommitAsync();
        }

        byte[] buffer = new byte[BlockSize];
        (await direct.ReadAsync(block.Hash, buffer)).Should().Be(block.Content.Length);
        (await Server.ListKeysAsync(store.KeyPrefix)).Should().Equal(store.GetObjectKey(block.Hash));
    }

    [Test]
    public async Task BeginBatch_RunOfNewBlocks_UploadsWithoutLookUpsNeverOverwritesAndLooksUpAgainAfterMeetingAPresentBlock()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        HashedBlock[] fresh = [.. Enumerable.Range(0, S3BlockWriteBatch.NewStreakToSkipChecks).Select(i => Block(seed: 50 + i))];
        HashedBlock present = Block(seed: 60);
        HashedBlock presentToo = Block(seed: 61);
        HashedBlock damaged = Block(seed: 62);
        S3BlockStoreOptions directOptions = options.Clone();
        directOptions.ServiceUrl = Server.Endpoint;
        using (var other = new S3BlockStore(directOptions))
        {
            await other.PutAsync(present);
            await other.PutAsync(presentToo);
            await other.PutAsync(damaged);
        }

        string damagedKey = options.KeyPrefix + damaged.Hash.ToString();
        byte[] bad = await Server.GetObjectAsync(damagedKey);
        bad[10] ^= 0xFF;
        await Server.PutObjectAsync(damagedKey, bad);
        using var store = new S3BlockStore(options);

        var outcomes = new List<BlockPutOutcome>();
        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            foreach (HashedBlock block in fresh)
            {
                outcomes.Add(await batch.PutAsync(block));
            }

            outcomes.Add(await batch.PutAsync(damaged));
            await batch.CommitAsync();
            long before = proxy.UpstreamBytes;
            outcomes.Add(await batch.PutAsync(presentToo));
            long sentForPresent = proxy.UpstreamBytes - before;
            await batch.CommitAsync();
            sentForPresent.Should().BeLessThan(BlockSize / 4, "after meeting a present block the batch looks blocks up again instead of uploading them");
        }

        if (options.ConditionalCreates)
        {
            outcomes.Should().Equal(
                [.. Enumerable.Repeat(BlockPutOutcome.Stored, fresh.Length), BlockPutOutcome.Stored, BlockPutOutcome.AlreadyPresent],
                "the damaged block was uploaded unchecked (the run of new blocks), then found and repaired in the background");
        }
        else
        {
            outcomes.Should().Equal(
                [.. Enumerable.Repeat(BlockPutOutcome.Stored, fresh.Length), BlockPutOutcome.Repaired, BlockPutOutcome.AlreadyPresent],
                "without conditional puts every block is looked up first, so the damaged copy is found and repaired at once");
        }
        byte[] buffer = new byte[BlockSize];
        foreach (HashedBlock block in fresh.Append(present).Append(presentToo).Append(damaged))
        {
            (await store.ReadAsync(block.Hash, buffer)).Should().Be(block.Content.Length);
        }
    }

    [Test]
    public async Task ConditionalCreatesOn_UsedWhereTheServerHasThem_AndDroppedAfterItsFirst501()
    {
        S3BlockStoreOptions options = Server.NewOptions(BlockSize);
        options.ConditionalCreates = true;
        using var store = new S3BlockStore(options);
        HashedBlock[] blocks = [.. Enumerable.Range(0, 6).Select(i => Block(seed: 70 + i))];

        IBlockWriteBatch batch = store.BeginBatch();
        await using (batch)
        {
            foreach (HashedBlock block in blocks)
            {
                (await batch.PutAsync(block)).Should().Be(BlockPutOutcome.Stored);
            }

            await batch.CommitAsync();
        }

        (await store.PutAsync(blocks[0])).Should().Be(BlockPutOutcome.AlreadyPresent);
        store.UsesConditionalCreates.Should().Be(Server.Kind == S3Server.CephRgw, "Swift's s3api answers 501 to If-None-Match: *");
        (await store.GetMissingAsync([.. blocks.Select(b => b.Hash)])).Should().BeEmpty();
        byte[] buffer = new byte[BlockSize];
        foreach (HashedBlock block in blocks)
        {
            (await store.ReadAsync(block.Hash, buffer)).Should().Be(block.Content.Length);
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task TrustKnownBlocks_PutAndLookUpOfAKnownBlock_SendNothingOnlyWhenOn(bool trust)
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        options.TrustKnownBlocks = trust;
        using var store = new S3BlockStore(options);
        HashedBlock block = Block(seed: 30);
        HashedBlock unknown = Block(seed: 31);
        await store.PutAsync(block);
        long before = proxy.UpstreamBytes;

        BlockPutOutcome again = await store.PutAsync(block);
        IReadOnlyList<BlockHash> missing = await store.GetMissingAsync([block.Hash]);
        long sent = proxy.UpstreamBytes - before;
        IReadOnlyList<BlockHash> missingUnknown = await store.GetMissingAsync([unknown.Hash]);

        again.Should().Be(BlockPutOutcome.AlreadyPresent);
        missing.Should().BeEmpty();
        missingUnknown.Should().Equal(unknown.Hash);
        if (trust)
        {
            sent.Should().Be(0, "a block this instance stored is taken as present without asking");
            proxy.UpstreamBytes.Should().BeGreaterThan(before, "an unknown block is still looked up");
        }
        else
        {
            sent.Should().BePositive("without trust every put and look-up asks the server");
        }
    }

    [Test]
    public async Task TrustKnownBlocks_BlockDeletedThroughThisInstance_IsForgotten()
    {
        await using var proxy = new CuttableTcpProxy(Server.Endpoint);
        S3BlockStoreOptions options = ThroughProxy(proxy, BlockSize);
        options.TrustKnownBlocks = true;
        using var store = new S3BlockStore(options);
        HashedBlock block = Block(seed: 40);
        await store.PutAsync(block);

        (await store.DeleteAsync(block.Hash)).Should().BeTrue();

        (await store.GetMissingAsync([block.Hash])).Should().Equal(block.Hash);
        (await store.PutAsync(block)).Should().Be(BlockPutOutcome.Stored);
    }

    private static HashedBlock Block(int seed)
    {
        byte[] data = new byte[BlockSize - seed];
        new Random(seed).NextBytes(data);
        return HashedBlock.Create(data);
    }
}
