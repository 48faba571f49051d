using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Hashing;

public sealed class HashmapTests
{
    [TestCase(0, 1)]
    [TestCase(1, 1)]
    [TestCase(4096, 1)]
    [TestCase(4097, 2)]
    [TestCase(40960, 10)]
    public void ExpectedBlockCount_Size_IsCeilingAndOneForEmpty(long size, long expected)
    {
        Hashmap.ExpectedBlockCount(size, 4096).Should().Be(expected);
    }

    [Test]
    public void Constructor_CountDisagreesWithSize_ThrowsNamingBoth()
    {
        Action make = () => _ = new Hashmap([BlockHash.Empty], 5000, 4096);

        make.Should().Throw<ArgumentException>().WithMessage("*5000-byte object*2 block hashes*1 were given*");
    }

    [Test]
    public void Constructor_Valid_ComputesTopHashAndCopies()
    {
        BlockHash[] blocks = [PithosHash.HashBlock([1]), PithosHash.HashBlock([2])];

        var hashmap = new Hashmap(blocks, 5000, 4096);
        blocks[0] = BlockHash.Zero;

        hashmap.TopHash.Should().Be(PithosHash.ComputeTopHash([PithosHash.HashBlock([1]), PithosHash.HashBlock([2])]));
        hashmap.Blocks[0].Should().Be(PithosHash.HashBlock([1]));
    }
}
