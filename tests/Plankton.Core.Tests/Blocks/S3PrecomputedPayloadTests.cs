using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// The S3 store signs an upload's payload with the SHA-256 of the block's stored form that the ingestion pipeline
/// computed while hashing the block (<see cref="HashedBlock.FileDigest"/>), instead of hashing the body again; the
/// real server checks it.
/// </summary>
[TestFixture(S3Server.CephRgw)]
[TestFixture(S3Server.SwiftS3Api)]
public sealed class S3PrecomputedPayloadTests(S3Server kind) : S3ServerFixture(kind)
{
    private const int BlockSize = 64 * 1024;

    [Test]
    public async Task Ingest_UploadsWithThePipelinesDigest_AndTheStoredObjectsAreTheBlockFiles()
    {
        using var store = new S3BlockStore(Server.NewOptions(BlockSize));
        byte[] data = RandomBytes((6 * BlockSize) + 999, seed: 31);

        await using (IBlockWriteBatch batch = store.BeginBatch())
        {
            batch.Should().BeAssignableTo<IFileDigestBlockWriteBatch>().Which.WantsFileDigest.Should().BeTrue("the store asks the pipeline for the digest");
        }

        IngestResult result = await store.IngestAsync(new MemoryStream(data));

        result.NewBlocks.Should().Be(7);
        BlockHash[] hashes = result.Hashmap.ToArray();
        for (int i = 0; i < hashes.Length; i++)
        {
            BlockHash hash = hashes[i];
            byte[] stored = await Server.GetObjectAsync(store.GetObjectKey(hash));
            byte[] content = data.AsSpan(i * BlockSize, Math.Min(BlockSize, data.Length - (i * BlockSize))).ToArray();
            stored.AsSpan(0, content.Length).SequenceEqual(content).Should().BeTrue();
            BlockFileFormat.Check(content, hash, stored.AsSpan(content.Length)).Should().BeNull();
        }
    }

    [Test]
    public async Task Put_WithAWrongDigest_IsRefusedByTheServerAndStoresNothing()
    {
        S3BlockStoreOptions options = Server.NewOptions(BlockSize);
        options.MaxRetries = 0;
        using var store = new S3BlockStore(options);
        byte[] content = RandomBytes(BlockSize, seed: 32);
        using StoredFormDigest honestDigest = StoredFormDigest.Start(content, out BlockHash hash);
        using StoredFormDigest wrongDigest = StoredFormDigest.Start(content.AsSpan(1), out _);
        HashedBlock honest = HashedBlock.Create(content) with { FileDigest = honestDigest };
        honest.Hash.Should().Be(hash);
        HashedBlock lying = honest with { FileDigest = wrongDigest };

        Func<Task> put = async () => await store.PutAsync(lying);

        await put.Should().ThrowAsync<S3BlockStoreException>("the server checks the payload against the signed digest");
        (await store.GetMissingAsync([honest.Hash])).Should().Equal(honest.Hash);
        (await store.PutAsync(honest)).Should().Be(BlockPutOutcome.Stored);
        byte[] buffer = new byte[BlockSize];
        (await store.ReadAsync(honest.Hash, buffer)).Should().Be(content.Length);
        buffer.Should().Equal(content);
    }
}
