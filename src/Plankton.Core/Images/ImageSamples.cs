namespace Plankton.Core.Images;

/// <summary>
/// The sample catalogue of the original Plankton's dummy backend: the seven public ~okeanos images of
/// <c>images@okeanos.grnet.gr</c> (the seed's <c>DummyImageBackend</c>), as image records without data.
/// </summary>
/// <remarks>
/// Faithful to the seed but for three fixes: the status <c>available</c> reads as active (as the legacy mapping
/// does), the <c>size</c> property (the size in MiB, named like an image attribute) is dropped, and Fedora's malformed
/// location (<c>debian_base-6.0-7-x86_64</c>, no scheme) is taken as an object name in the <c>pithos</c> container. The
/// two <c>(deleted image)</c> stubs, whose ids are not UUIDs, are left out. Times are UTC.
/// </remarks>
internal static class ImageSamples
{
    /// <summary>The account owning every sample image.</summary>
    public const string Owner = "images@okeanos.grnet.gr";

    /// <summary>Gets the sample images, active and public, in the seed's order.</summary>
    public static IReadOnlyList<ImageRecord> Okeanos { get; } =
    [
        Sample(
            "34138811-299e-45db-9a53-acd5f1f7693c",
            "Windows",
            "c4524d6f6e4f04ecf0212e50bb36f70114f459b223f932f1a3fa6a995e1334f7",
            11037310976L,
            "pithos://images@okeanos.grnet.gr/pithos/windows-2008R2-7-x86_64.diskdump",
            new DateTimeOffset(2012, 3, 28, 14, 39, 43, TimeSpan.Zero),
            new DateTimeOffset(2012, 3, 28, 16, 56, 34, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "Windows NT Kernel",
                ["osfamily"] = "windows",
                ["users"] = "Administrator",
                ["gui"] = "Windows, Aero Theme",
                ["sortorder"] = "7",
                ["os"] = "windows",
                ["root_partition"] = "2",
                ["description"] = "Windows 2008 R2, Aero Desktop Experience",
                ["OS"] = "windows",
            }),
        Sample(
            "8f06e736-d890-4aed-8448-aa0e978695a9",
            "CentOS",
            "a7517d876f2387527f35e9d8c19cba4a37419279005354ca03bd625db1cf410e",
            628834304L,
            "pithos://images@okeanos.grnet.gr/pithos/centos-6.0-8-x86_64.diskdump",
            new DateTimeOffset(2012, 3, 28, 13, 37, 28, TimeSpan.Zero),
            new DateTimeOffset(2012, 3, 28, 16, 56, 33, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "2.6.32",
                ["osfamily"] = "linux",
                ["users"] = "root",
                ["gui"] = "No GUI",
                ["sortorder"] = "6",
                ["os"] = "centos",
                ["root_partition"] = "1",
                ["description"] = "CentOS 6.0",
                ["OS"] = "centos",
            }),
        Sample(
            "1ba3666b-6e57-4d52-813b-e2a33185d12d",
            "Fedora",
            "407c7fa05c14937e213503783149aa74ad9bcfc8783ccb653a419fb86bffe0d9",
            2765684736L,
            "pithos://images@okeanos.grnet.gr/pithos/debian_base-6.0-7-x86_64",
            new DateTimeOffset(2012, 3, 28, 13, 52, 45, TimeSpan.Zero),
            new DateTimeOffset(2012, 3, 28, 16, 56, 32, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "3.1.9",
                ["osfamily"] = "linux",
                ["users"] = "root user",
                ["gui"] = "GNOME 3.2",
                ["sortorder"] = "5",
                ["os"] = "fedora",
                ["root_partition"] = "1",
                ["description"] = "Fedora 16 Desktop Edition",
                ["OS"] = "fedora",
            }),
        Sample(
            "79d24739-af8f-436b-8f6e-eb2d908e0b7e",
            "Kubuntu",
            "a149289f512d70c8f9f6acb0636d2ea9a5b5c3ec0b83e4398aed4a5678da6848",
            2985041920L,
            "pithos://images@okeanos.grnet.gr/pithos/kubuntu-11.10-1-x86_64.diskdump",
            new DateTimeOffset(2012, 3, 28, 15, 5, 52, TimeSpan.Zero),
            new DateTimeOffset(2012, 3, 28, 16, 56, 31, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "3.0.0",
                ["osfamily"] = "linux",
                ["users"] = "user",
                ["gui"] = "KDE 4.7.4",
                ["sortorder"] = "4",
                ["os"] = "kubuntu",
                ["root_partition"] = "1",
                ["description"] = "Kubuntu 11.10",
                ["OS"] = "kubuntu",
            }),
        Sample(
            "d8317451-820a-4c41-917b-665492ab0f81",
            "Ubuntu",
            "f508e1fc8d9cbbd360a9cfc3a68e475933063c77691dac652cb7a5c824791e1b",
            2660171776L,
            "pithos://images@okeanos.grnet.gr/pithos/ubuntu-11.10-1-x86_64.diskdump",
            new DateTimeOffset(2012, 3, 28, 14, 8, 35, TimeSpan.Zero),
            new DateTimeOffset(2012, 3, 28, 16, 58, 10, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "3.0.0",
                ["osfamily"] = "linux",
                ["users"] = "user",
                ["gui"] = "Unity 4.22",
                ["sortorder"] = "3",
                ["os"] = "ubuntu",
                ["root_partition"] = "1",
                ["description"] = "Ubuntu 11.10",
                ["OS"] = "ubuntu",
            }),
        Sample(
            "d7970a84-99b9-40be-b790-ce61001a5b9a",
            "Debian Desktop",
            "a7bea0bf6815168a281b505454cd9b2f07ffb9cad0d92e08e950a633c0f05bd2",
            3482439680L,
            "pithos://images@okeanos.grnet.gr/pithos/debian_desktop-6.0-6-x86_64.diskdump",
            new DateTimeOffset(2012, 3, 28, 14, 55, 37, TimeSpan.Zero),
            new DateTimeOffset(2012, 4, 3, 15, 52, 9, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "2.6.32",
                ["osfamily"] = "linux",
                ["users"] = "root user",
                ["gui"] = "GNOME 2.30",
                ["sortorder"] = "2",
                ["os"] = "debian",
                ["root_partition"] = "1",
                ["description"] = "Debian Squeeze Desktop",
                ["OS"] = "debian",
            }),
        Sample(
            "49971ade-3bbc-4700-9a84-b3ca00133850",
            "Debian Base",
            "65352163c9842d6fbc5717437811495f163da2338c807819a1d4d7a50766e56c",
            471891968L,
            "pithos://images@okeanos.grnet.gr/pithos/debian_base-6.0-7-x86_64.diskdump",
            new DateTimeOffset(2012, 3, 28, 13, 39, 38, TimeSpan.Zero),
            new DateTimeOffset(2012, 3, 28, 16, 56, 29, TimeSpan.Zero),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["kernel"] = "2.6.32",
                ["osfamily"] = "linux",
                ["users"] = "root",
                ["gui"] = "No GUI",
                ["sortorder"] = "1",
                ["os"] = "debian",
                ["root_partition"] = "1",
                ["description"] = "Debian Squeeze Base System",
                ["OS"] = "debian",
            }),
    ];

    private static ImageRecord Sample(
        string id,
        string name,
        string checksum,
        long size,
        string location,
        DateTimeOffset createdAt,
        DateTimeOffset updatedAt,
        Dictionary<string, string> properties) => new()
        {
            Id = Guid.Parse(id),
            Name = name,
            Checksum = checksum,
            Size = size,
            Status = ImageStatus.Active,
            DiskFormat = ImageConstants.DefaultDiskFormat,
            ContainerFormat = ImageConstants.DefaultContainerFormat,
            Visibility = ImageVisibility.Public,
            Owner = Owner,
            Location = location,
            Store = ImageConstants.Store,
            Properties = properties,
            CreatedAt = createdAt,
            UpdatedAt = updatedAt,
        };
}
