using System.Text;
using Plankton.Core.Hashing;

namespace Plankton.Core.Tests.Hashing;

public sealed class PithosHashTests
{
    [Test]
    public void HashBlock_Empty_IsSha256OfEmpty()
    {
        PithosHash.HashBlock([]).Should().Be(BlockHash.Empty);
        BlockHash.Empty.ToString().Should().Be("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    [Test]
    public void HashBlock_Hello_MatchesSpecVector()
    {
        PithosHash.HashBlock(Encoding.ASCII.GetBytes("hello")).ToString()
            .Should().Be("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }
}
