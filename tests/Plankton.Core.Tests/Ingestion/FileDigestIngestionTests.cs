using System.Collections.Concurrent;
using System.Security.Cryptography;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Tests.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Ingestion;

/// <summary>
/// The pipeline hands a batch that asks for it (<see cref="IFileDigestBlockWriteBatch"/>) the digest of each block's
/// stored form, started in the pass that hashes the block; other batches get none.
/// </summary>
public sealed class FileDigestIngestionTests
{
    private const int Bs = 64 * 1024;

    [TestCase(true)]
    [TestCase(false)]
    public async Task Ingest_GivesEachPutTheDigestOfItsStoredForm_OnlyWhenAsked(bool wants)
    {
        byte[] data = [.. TestData.Random(5 * Bs, 51), .. new byte[Bs], .. TestData.Random(Bs / 3, 52), .. new byte[100]];
        var store = new DigestRecordingStore(Bs, wants);

        IngestResult result = await store.IngestAsync(new MemoryStream(data));

        result.Hashmap.Count.Should().Be(7);
        store.Digests.Should().HaveCount(7);
        foreach ((BlockHash hash, (byte[] content, BlockHash? digest)) in store.Digests)
        {
            if (!wants)
            {
                digest.Should().BeNull();
                continue;
            }

            byte[] trailer = new byte[BlockFileFormat.TrailerSize];
            BlockFileFormat.WriteTrailer(content, hash, trailer);
            digest!.Value.ToArray().Should().Equal(SHA256.HashData([.. content, .. trailer]));
        }
    }

    /// <summary>Records, per block put through a batch, its content and the digest the pipeline gave it.</summary>
    private sealed class DigestRecordingStore(int blockSize, bool wants) : DelegatingBlockStore(new InMemoryBlockStore(blockSize))
    {
        public bool Wants => wants;

        public ConcurrentDictionary<BlockHash, (byte[] Content, BlockHash? Digest)> Digests { get; } = new();

        public override IBlockWriteBatch BeginBatch() => new Batch(this, Inner.BeginBatch());

        private sealed class Batch(DigestRecordingStore owner, IBlockWriteBatch inner) : IFileDigestBlockWriteBatch
        {
            public bool WantsFileDigest => owner.Wants;

            public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
            {
                // The digest is finished during the put, as the S3 store does: the pipeline disposes it afterwards.
                byte[] trailer = new byte[BlockFileFormat.TrailerSize];
                BlockFileFormat.WriteTrailer(block.Content.Span, block.Hash, trailer);
                owner.Digests[block.Hash] = (block.Content.ToArray(), block.FileDigest?.Finish(trailer));
                return inner.PutAsync(block, cancellationToken);
            }

            public ValueTask CommitAsync(CancellationToken cancellationToken = default) => inner.CommitAsync(cancellationToken);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
