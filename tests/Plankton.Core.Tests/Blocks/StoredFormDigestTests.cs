using System.Security.Cryptography;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Tests.Hashing;

namespace Plankton.Core.Tests.Blocks;

/// <summary>The digest of a block's stored form, started by the pass that hashes the block and finished over its trailer.</summary>
public sealed class StoredFormDigestTests
{
    [Test]
    public void Start_GivesTheBlockHash_AndFinishTheDigestOfContentThenTrailer_Once()
    {
        byte[] content = TestData.Random((64 * 1024) - 5, 33);

        using StoredFormDigest digest = StoredFormDigest.Start(content, out BlockHash hash);

        hash.Should().Be(PithosHash.HashBlock(content));
        byte[] trailer = new byte[BlockFileFormat.TrailerSize];
        BlockFileFormat.WriteTrailer(content, hash, trailer);
        BlockHash finished = digest.Finish(trailer);
        finished.ToArray().Should().Equal(SHA256.HashData([.. content, .. trailer]));
        digest.Finish(trailer).Should().Be(finished, "finishing again gives the same digest, not the hash of a second trailer");
    }
}
