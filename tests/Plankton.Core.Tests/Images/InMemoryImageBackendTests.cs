using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Images;

/// <summary>The in-memory test double through the image-backend contract.</summary>
[TestFixture]
public sealed class InMemoryImageBackendTests : ImageBackendContractTests
{
    private InMemoryImageBackend? _backend;

    protected override ValueTask<IImageBackend> CreateBackendAsync(TimeProvider time, PlanktonImageOptions? options)
    {
        _backend = new InMemoryImageBackend(options, time, BlockSize);
        return ValueTask.FromResult<IImageBackend>(_backend);
    }

    protected override ValueTask<Guid> WriteObjectAsync(ObjectPath path, byte[] data) => ValueTask.FromResult(_backend!.WriteObject(path, data));

    protected override ValueTask<byte[]?> ReadObjectAsync(ObjectPath path) =>
        ValueTask.FromResult(_backend!.TryReadObject(path, out ReadOnlyMemory<byte> data) ? data.ToArray() : null);

    protected override void CleanUpAfterTest() => _backend = null;

    [Test]
    public async Task WithSampleCatalogue_ListsTheSeedsSevenPublicOkeanosImages()
    {
        InMemoryImageBackend backend = InMemoryImageBackend.WithSampleCatalogue(timeProvider: Time);

        ImageListPage page = await backend.ListPublicAsync(ImageConstants.AnonymousUser, new ImageListQuery { Sort = "name:asc" });
        ImageRecord windows = await backend.GetAsync("someone", Guid.Parse("34138811-299e-45db-9a53-acd5f1f7693c"));
        ImageListPage debian = await backend.ListAsync("someone", new ImageListQuery { Properties = new Dictionary<string, string> { ["os"] = "debian" } });

        page.Images.Select(i => i.Name).Should().Equal("CentOS", "Debian Base", "Debian Desktop", "Fedora", "Kubuntu", "Ubuntu", "Windows");
        page.Images.Should().OnlyContain(i => i.Owner == InMemoryImageBackend.SampleCatalogueOwner && i.Status == ImageStatus.Active && i.IsPublic);
        windows.Size.Should().Be(11037310976);
        windows.Checksum.Should().Be("c4524d6f6e4f04ecf0212e50bb36f70114f459b223f932f1a3fa6a995e1334f7");
        windows.Location.Should().Be("pithos://images@okeanos.grnet.gr/pithos/windows-2008R2-7-x86_64.diskdump");
        windows.Properties.Should().Contain("description", "Windows 2008 R2, Aero Desktop Experience").And.NotContainKey("size");
        windows.CreatedAt.Should().Be(new DateTimeOffset(2012, 3, 28, 14, 39, 43, TimeSpan.Zero));
        debian.Images.Select(i => i.Name).Should().BeEquivalentTo(["Debian Desktop", "Debian Base"]);
        (await backend.ListVersionsAsync("someone", windows.Id)).Should().ContainSingle().Which.Timestamp.Should().Be(windows.UpdatedAt);
    }

    [Test]
    public async Task WithSampleCatalogue_ImagesHaveNoDataButCanBeClonedAndChangedByTheirOwner()
    {
        InMemoryImageBackend backend = InMemoryImageBackend.WithSampleCatalogue(timeProvider: Time);
        var centos = Guid.Parse("8f06e736-d890-4aed-8448-aa0e978695a9");

        Func<Task> read = async () => await backend.OpenReadAsync("someone", centos);
        ImageRecord clone = await backend.CloneAsync("someone", centos, new ImageCloneRequest { Name = "my-centos" });
        ImageRecord renamed = await backend.UpdateAsync(InMemoryImageBackend.SampleCatalogueOwner, centos, new ImageUpdate { Name = "CentOS 6" });

        await read.Should().ThrowAsync<ImageConflictException>();
        clone.Should().Match<ImageRecord>(c => c.Owner == "someone" && c.Size == 628834304 && c.Checksum == "a7517d876f2387527f35e9d8c19cba4a37419279005354ca03bd625db1cf410e");
        renamed.Name.Should().Be("CentOS 6");
    }
}
