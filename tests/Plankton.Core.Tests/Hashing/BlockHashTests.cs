using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Hashing;

public sealed class BlockHashTests
{
    private const string HelloHex = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private static IEnumerable<TestCaseData> InvalidHexCases()
    {
        yield return new TestCaseData("").SetName("Parse_Empty_Throws");
        yield return new TestCaseData(HelloHex[..63]).SetName("Parse_63Chars_Throws");
        yield return new TestCaseData(HelloHex + "0").SetName("Parse_65Chars_Throws");
        yield return new TestCaseData("g" + HelloHex[1..]).SetName("Parse_NonHexDigit_Throws");
        yield return new TestCaseData(" " + HelloHex[1..]).SetName("Parse_LeadingSpace_Throws");
        yield return new TestCaseData(HelloHex[..62] + "\n0").SetName("Parse_EmbeddedNewline_Throws");
        yield return new TestCaseData("../../etc/passwd").SetName("Parse_PathTraversal_Throws");
        yield return new TestCaseData("0x" + HelloHex[2..]).SetName("Parse_HexPrefix_Throws");
    }

    [Test]
    public void Parse_LowerHex_RoundTripsThroughToString()
    {
        BlockHash hash = BlockHash.Parse(HelloHex);

        hash.ToString().Should().Be(HelloHex);
        $"{hash}".Should().Be(HelloHex);
    }

    [Test]
    public void Parse_UpperHex_EqualsLowerHex()
    {
        BlockHash.Parse(HelloHex.ToUpperInvariant()).Should().Be(BlockHash.Parse(HelloHex));
    }

    [TestCaseSource(nameof(InvalidHexCases))]
    public void Parse_InvalidText_ThrowsFormatExceptionNamingTheText(string text)
    {
        Action parse = () => BlockHash.Parse(text);

        parse.Should().Throw<FormatException>().WithMessage("*is not a block hash*64 hex digits*");
        BlockHash.TryParse(text, out BlockHash parsed).Should().BeFalse();
        parsed.Should().Be(default(BlockHash));
    }

    [Test]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Action parse = () => BlockHash.Parse((string)null!);

        parse.Should().Throw<ArgumentNullException>();
        BlockHash.TryParse((string?)null, out _).Should().BeFalse();
    }

    [Test]
    public void Constructor_WrongLength_ThrowsArgumentException()
    {
        Action make = () => _ = new BlockHash(new byte[31]);

        make.Should().Throw<ArgumentException>().WithMessage("*32 bytes*31*");
    }

    [Test]
    public void Equality_SameBytes_EqualAndSameHashCode_DifferentBytes_NotEqual()
    {
        byte[] bytes = Convert.FromHexString(HelloHex);
        var a = new BlockHash(bytes);
        var b = new BlockHash(bytes);
        bytes[31] ^= 1;
        var c = new BlockHash(bytes);

        (a == b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        (a != c).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.Equals((object)"x").Should().BeFalse();
    }

    [Test]
    public void CopyTo_WritesRawBytes_AndRejectsShortDestination()
    {
        BlockHash hash = BlockHash.Parse(HelloHex);
        var bytes = new byte[32];

        hash.CopyTo(bytes);
        Action shortCopy = () => hash.CopyTo(new byte[31]);

        bytes.Should().Equal(Convert.FromHexString(HelloHex));
        hash.ToArray().Should().Equal(bytes);
        shortCopy.Should().Throw<ArgumentException>();
    }

    [Test]
    public void TryFormat_ShortDestination_ReturnsFalse()
    {
        BlockHash.Empty.TryFormat(new char[63], out _, default, null).Should().BeFalse();
    }

    [Test]
    public void Empty_IsEmpty_ZeroIsNot()
    {
        BlockHash.Empty.IsEmpty.Should().BeTrue();
        BlockHash.Zero.IsEmpty.Should().BeFalse();
        BlockHash.Zero.ToString().Should().Be(new string('0', 64));
    }
}
