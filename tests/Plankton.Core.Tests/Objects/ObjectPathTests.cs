using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>Pithos object locations (<c>pithos://account/container/name</c>) parsed into paths.</summary>
[TestFixture]
public sealed class ObjectPathTests
{
    [TestCase("pithos://alice/images/disk.img", "alice", "images", "disk.img")]
    [TestCase("pithos://alice/images/dir/sub/disk.img", "alice", "images", "dir/sub/disk.img")]
    public void ParseLocation_WellFormed_GivesTheThreeParts(string location, string account, string container, string name)
    {
        ObjectPath path = ObjectPath.ParseLocation(location);

        path.Should().Be(new ObjectPath(account, container, name));
        (ObjectPath.LocationScheme + path).Should().Be(location);
    }

    [TestCase("http://alice/images/disk.img")]
    [TestCase("pithos://alice/images")]
    [TestCase("pithos://alice//disk.img")]
    [TestCase("pithos:///images/disk.img")]
    [TestCase("pithos://alice/images/")]
    [TestCase("pithos://alice/images/../disk.img")]
    public void ParseLocation_Malformed_ThrowsInvalidObjectNameException(string location)
    {
        Action parse = () => ObjectPath.ParseLocation(location);

        parse.Should().Throw<InvalidObjectNameException>();
    }
}
