using System.Security.Cryptography;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Tests.Hashing;

namespace Plankton.Core.Tests.Blocks;

/// <summary>The stored form of a block and the digest the ingestion pipeline computes of it while hashing.</summary>
public sealed class BlockFileFormatTests
{
    private const int BlockSize = 64 * 1024;

    [Test]
    public void HashWithDigest_GivesTheBlockHashAndTheDigestOfContentThenTrailer()
    {
        byte[] content = TestData.Random(BlockSize - 5, 33);
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        BlockHash hash = BlockFileFormat.HashWithDigest(content, sha256, out BlockFileDigest digest);
        BlockHash again = BlockFileFormat.HashWithDigest(content, sha256, out BlockFileDigest digestAgain);

        hash.Should().Be(PithosHash.HashBlock(content));
        byte[] trailer = new byte[BlockFileFormat.TrailerSize];
        BlockFileFormat.WriteTrailer(content, hash, trailer);
        digest.Checksum.Should().Be(BlockFileFormat.Checksum(content, hash));
        digest.Sha256.ToArray().Should().Equal(SHA256.HashData([.. content, .. trailer]));
        (again, digestAgain).Should().Be((hash, digest), "the incremental hash is left reset for the next block");
    }

}
