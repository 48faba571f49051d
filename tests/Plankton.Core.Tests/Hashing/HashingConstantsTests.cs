using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Hashing;

public sealed class HashingConstantsTests
{
    [TestCase(4096)]
    [TestCase(1 << 20)]
    [TestCase(4 * 1024 * 1024)]
    [TestCase(64 * 1024 * 1024)]
    public void ValidateBlockSize_PowerOfTwoInRange_Accepts(int blockSize)
    {
        Action validate = () => HashingConstants.ValidateBlockSize(blockSize);

        validate.Should().NotThrow();
        HashingConstants.IsValidBlockSize(blockSize).Should().BeTrue();
    }

    [TestCase(0)]
    [TestCase(-4096)]
    [TestCase(2048)]
    [TestCase(5000)]
    [TestCase(3 * 1024 * 1024)]
    [TestCase(128 * 1024 * 1024)]
    public void ValidateBlockSize_Other_ThrowsNamingTheValue(int blockSize)
    {
        Action validate = () => HashingConstants.ValidateBlockSize(blockSize);

        validate.Should().Throw<ArgumentOutOfRangeException>().WithMessage($"*power of two from 4096 to 67108864*{blockSize}*");
    }

    [Test]
    public void DefaultBlockSize_IsPithosFourMiB()
    {
        HashingConstants.DefaultBlockSize.Should().Be(4194304);
        HashingConstants.HashAlgorithmName.Should().Be("sha256");
    }
}
