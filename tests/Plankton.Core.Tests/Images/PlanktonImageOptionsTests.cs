using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Images;

public sealed class PlanktonImageOptionsTests
{
    [Test]
    public void Validate_Defaults_Passes()
    {
        var options = new PlanktonImageOptions();

        options.Invoking(o => o.Validate()).Should().NotThrow();
        options.DefaultContainer.Should().Be("images");
        options.AllowedDiskFormats.Should().Equal("diskdump", "extdump", "ntfsdump");
        options.AllowedContainerFormats.Should().Equal("aki", "ari", "ami", "bare", "ovf");
    }

    public static IEnumerable<TestCaseData> InvalidOptions()
    {
        yield return new TestCaseData(new PlanktonImageOptions { DefaultContainer = "a/b" }, nameof(PlanktonImageOptions.DefaultContainer));
        yield return new TestCaseData(new PlanktonImageOptions { DefaultDiskFormat = "qcow2" }, nameof(PlanktonImageOptions.DefaultDiskFormat));
        yield return new TestCaseData(new PlanktonImageOptions { AllowedContainerFormats = [] }, nameof(PlanktonImageOptions.AllowedContainerFormats));
        yield return new TestCaseData(new PlanktonImageOptions { AllowedDiskFormats = ["raw", " "], DefaultDiskFormat = "raw" }, nameof(PlanktonImageOptions.AllowedDiskFormats));
        yield return new TestCaseData(new PlanktonImageOptions { MaxNameLength = 0 }, nameof(PlanktonImageOptions.MaxNameLength));
        yield return new TestCaseData(new PlanktonImageOptions { MaxProperties = -1 }, nameof(PlanktonImageOptions.MaxProperties));
        yield return new TestCaseData(new PlanktonImageOptions { MaxPropertyKeyLength = 120 }, nameof(PlanktonImageOptions.MaxPropertyKeyLength));
        yield return new TestCaseData(new PlanktonImageOptions { MaxPropertyValueLength = ObjectStoreConstants.MaxMetadataValueLength + 1 }, nameof(PlanktonImageOptions.MaxPropertyValueLength));
        yield return new TestCaseData(new PlanktonImageOptions { MaxTags = 500 }, nameof(PlanktonImageOptions.MaxTags));
    }

    [TestCaseSource(nameof(InvalidOptions))]
    public void Validate_InvalidSetting_ThrowsNamingIt(PlanktonImageOptions options, string name)
    {
        options.Invoking(o => o.Validate()).Should().Throw<StoreConfigurationException>().WithMessage($"*{name}*");
    }

    [Test]
    public void Constructors_InvalidOptions_Throw()
    {
        var options = new PlanktonImageOptions { DefaultContainerFormat = "docker" };

        FluentActions.Invoking(() => new InMemoryImageBackend(options)).Should().Throw<StoreConfigurationException>();
    }

    [Test]
    public async Task Backends_ChangingOptionsAfterConstruction_HaveNoEffect()
    {
        var options = new PlanktonImageOptions { MaxProperties = 1 };
        var backend = new InMemoryImageBackend(options, blockSize: 4096);
        options.MaxProperties = 0;

        Func<Task> put = async () => await backend.PutAsync("alice", new MemoryStream([1, 2, 3]), new ImageCreateRequest
        {
            Name = "one",
            Properties = new Dictionary<string, string> { ["k"] = "v" },
        });

        await put.Should().NotThrowAsync();
    }
}
