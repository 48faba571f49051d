using System.Text;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Hashing;

/// <summary>The known-answer vectors of spec §9.2 and the block/top hash rules.</summary>
public sealed class PithosHashTests
{
    private static IEnumerable<TestCaseData> SpecVectors()
    {
        yield return new TestCaseData("", 4, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").SetName("Vector_Empty");
        yield return new TestCaseData("hello", 4 * 1024 * 1024, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824").SetName("Vector_Hello");
        yield return new TestCaseData("abcdefgh", 4, "7d5473712172f9ec1494baa03da3d8734d12d385d1ca6340856771c3d93382e6").SetName("Vector_TwoBlocks");
        yield return new TestCaseData("abcdefghij", 4, "18374008371944fcd365918bfd1187d4edcaaad1ce8dc23e746347129b1f22d1").SetName("Vector_ThreeBlocksPadded");
        yield return new TestCaseData("abcdefghijklmnopq", 4, "431c94afa28e767d7d4e5db3026a7e07882cb5cd2841b8b6f4d06d388dbada30").SetName("Vector_FiveBlocksPaddedToEight");
        yield return new TestCaseData("abc\0\0", 4, "6f1290896ee81a0349174d19f4473d267a10289c40480861d5c42affffbd79f9").SetName("Vector_TrailingZeros");
    }

    /// <summary>Cuts data into blocks by hand (block sizes below 4 KiB are allowed here: the vectors use 4 bytes).</summary>
    private static BlockHash[] Cut(byte[] data, int blockSize)
    {
        if (data.Length == 0)
        {
            return [PithosHash.HashBlock([])];
        }

        return data.Chunk(blockSize).Select(block => PithosHash.HashBlock(block)).ToArray();
    }

    [TestCaseSource(nameof(SpecVectors))]
    public void ComputeTopHash_SpecVector_MatchesSpec(string text, int blockSize, string expected)
    {
        BlockHash[] hashmap = Cut(Encoding.Latin1.GetBytes(text), blockSize);

        PithosHash.ComputeTopHash(hashmap).ToString().Should().Be(expected);
    }

    [Test]
    public void HashBlock_SpecBlockVectors_MatchSpecPrefixes()
    {
        BlockHash[] abcdefgh = Cut(Encoding.ASCII.GetBytes("abcdefgh"), 4);
        BlockHash[] abcdefghij = Cut(Encoding.ASCII.GetBytes("abcdefghij"), 4);
        BlockHash[] trailing = Cut(Encoding.Latin1.GetBytes("abc\0\0"), 4);

        abcdefgh[0].ToString().Should().StartWith("88d4266f").And.EndWith("1589");
        abcdefgh[1].ToString().Should().StartWith("e5e088a0").And.EndWith("8c9d");
        abcdefghij[2].ToString().Should().StartWith("c9df9c3f").And.EndWith("2108");
        trailing[0].ToString().Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        trailing[1].Should().Be(BlockHash.Empty);
    }

    [Test]
    public void HashBlock_TrailingZerosStripped_EqualsHashOfStrippedBlock()
    {
        byte[] block = [1, 2, 0, 3, 0, 0, 0];

        PithosHash.HashBlock(block).Should().Be(PithosHash.HashBlock([1, 2, 0, 3]));
        PithosHash.ContentLength(block).Should().Be(4);
    }

    [Test]
    public void HashBlock_AllZero_IsEmptyHash()
    {
        PithosHash.HashBlock(new byte[4096]).Should().Be(BlockHash.Empty);
        PithosHash.ContentLength(new byte[4096]).Should().Be(0);
    }

    [Test]
    public void ComputeTopHash_NoHashes_IsEmptyHash()
    {
        PithosHash.ComputeTopHash([]).Should().Be(BlockHash.Empty);
    }

    [Test]
    public void ComputeTopHash_OneHash_IsThatHash()
    {
        BlockHash one = PithosHash.HashBlock([7]);

        PithosHash.ComputeTopHash([one]).Should().Be(one);
    }

    [TestCase(2)]
    [TestCase(3)]
    [TestCase(64)]
    [TestCase(65)]
    [TestCase(129)]
    [TestCase(1000)]
    public void ComputeTopHash_ManyHashes_MatchesReference(int count)
    {
        var random = new Random(count);
        var raw = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            raw.Add(bytes);
        }

        BlockHash[] hashes = raw.Select(b => new BlockHash(b)).ToArray();

        PithosHash.ComputeTopHash(hashes).ToString().Should().Be(ReferencePithosHash.TopHash(raw));
    }
}
