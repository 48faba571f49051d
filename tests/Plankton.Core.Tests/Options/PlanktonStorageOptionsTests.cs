using Microsoft.Extensions.Options;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.Options;

namespace Plankton.Core.Tests.Options;

[TestFixture]
public sealed class PlanktonStorageOptionsTests
{
    private static PlanktonStorageOptions Valid() => new() { RootPath = "/var/lib/plankton" };

    private static ValidateOptionsResult ValidateAll(PlanktonStorageOptions options)
    {
        ValidateOptionsResult generated = new PlanktonStorageOptionsValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        ValidateOptionsResult custom = new PlanktonStorageOptionsCustomValidator().Validate(Microsoft.Extensions.Options.Options.DefaultName, options);
        var builder = new ValidateOptionsResultBuilder();
        builder.AddResult(generated);
        builder.AddResult(custom);
        return builder.Build();
    }

    [Test]
    public void Constructor_Defaults_MatchTheConstants()
    {
        var options = new PlanktonStorageOptions();

        options.RootPath.Should().BeEmpty();
        options.BlockSize.Should().Be(PlanktonStorageConstants.DefaultBlockSize).And.Be(4 * 1024 * 1024);
        options.WriteMode.Should().Be(BlockWriteMode.Auto);
        options.BusyTimeout.Should().Be(PlanktonStorageConstants.DefaultBusyTimeout).And.Be(TimeSpan.FromSeconds(30));
        options.Images.Should().NotBeNull();
        options.Images.DefaultContainer.Should().Be(ImageConstants.DefaultContainer);
        PlanktonStorageConstants.BlocksFolderName.Should().Be("blocks");
        PlanktonStorageConstants.CatalogueFileName.Should().Be("catalogue.db");
    }

    [Test]
    public void Validate_ValidOptions_Succeeds()
    {
        ValidateAll(Valid()).Succeeded.Should().BeTrue();
    }

    [TestCase(HashingConstants.MinBlockSize)]
    [TestCase(64 * 1024)]
    [TestCase(HashingConstants.MaxBlockSize)]
    public void Validate_PowerOfTwoBlockSizeInRange_Succeeds(int blockSize)
    {
        PlanktonStorageOptions options = Valid();
        options.BlockSize = blockSize;

        ValidateAll(options).Succeeded.Should().BeTrue();
    }

    [Test]
    public void GeneratedValidator_MissingRootPath_FailsNamingRootPath()
    {
        var options = new PlanktonStorageOptions();

        ValidateOptionsResult result = new PlanktonStorageOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Be("RootPath: The PlanktonStorageOptions.RootPath field is required.");
    }

    [Test]
    public void GeneratedValidator_WhiteSpaceRootPath_FailsAsRequired()
    {
        PlanktonStorageOptions options = Valid();
        options.RootPath = "  ";

        ValidateOptionsResult result = new PlanktonStorageOptionsValidator().Validate(null, options);

        result.FailureMessage.Should().Be("RootPath: The PlanktonStorageOptions.RootPath field is required.");
    }

    [Test]
    public void GeneratedValidator_NullImages_FailsNamingImages()
    {
        PlanktonStorageOptions options = Valid();
        options.Images = null!;

        ValidateOptionsResult result = new PlanktonStorageOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Images").And.Contain("required");
    }

    [TestCase(HashingConstants.MinBlockSize / 2)]
    [TestCase(HashingConstants.MaxBlockSize * 2)]
    [TestCase(0)]
    [TestCase(-4096)]
    public void GeneratedValidator_BlockSizeOutOfRange_FailsNamingBlockSize(int blockSize)
    {
        PlanktonStorageOptions options = Valid();
        options.BlockSize = blockSize;

        ValidateOptionsResult result = new PlanktonStorageOptionsValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Be("BlockSize: The field PlanktonStorageOptions.BlockSize must be between 4096 and 67108864.");
    }

    [TestCase("   ")]
    [TestCase("\t")]
    public void CustomValidator_WhiteSpaceRootPath_Fails(string rootPath)
    {
        PlanktonStorageOptions options = Valid();
        options.RootPath = rootPath;

        ValidateOptionsResult result = new PlanktonStorageOptionsCustomValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Be("Property RootPath: the root path must not be only white space");
    }

    [TestCase(5000)]
    [TestCase((4 * 1024 * 1024) + 1)]
    [TestCase(HashingConstants.MinBlockSize / 2)]
    [TestCase(HashingConstants.MaxBlockSize * 2)]
    public void CustomValidator_BlockSizeNotAPowerOfTwoInRange_Fails(int blockSize)
    {
        PlanktonStorageOptions options = Valid();
        options.BlockSize = blockSize;

        ValidateOptionsResult result = new PlanktonStorageOptionsCustomValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("BlockSize")
            .And.Contain($"the block size must be a power of two from {HashingConstants.MinBlockSize} to {HashingConstants.MaxBlockSize} bytes (was {blockSize})");
    }

    [Test]
    public void CustomValidator_UndefinedWriteMode_Fails()
    {
        PlanktonStorageOptions options = Valid();
        options.WriteMode = (BlockWriteMode)42;

        ValidateOptionsResult result = new PlanktonStorageOptionsCustomValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("WriteMode").And.Contain("'42' is not a defined BlockWriteMode");
    }

    [Test]
    public void CustomValidator_NegativeBusyTimeout_Fails()
    {
        PlanktonStorageOptions options = Valid();
        options.BusyTimeout = TimeSpan.FromSeconds(-1);

        ValidateOptionsResult result = new PlanktonStorageOptionsCustomValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("BusyTimeout").And.Contain("the busy timeout must not be negative");
    }

    [Test]
    public void CustomValidator_ZeroBusyTimeout_Succeeds()
    {
        PlanktonStorageOptions options = Valid();
        options.BusyTimeout = TimeSpan.Zero;

        new PlanktonStorageOptionsCustomValidator().Validate(null, options).Succeeded.Should().BeTrue();
    }

    [Test]
    public void CustomValidator_InvalidImageOptions_FailsWithTheImageOptionsMessage()
    {
        PlanktonStorageOptions options = Valid();
        options.Images.DefaultDiskFormat = "qcow2";

        ValidateOptionsResult result = new PlanktonStorageOptionsCustomValidator().Validate(null, options);

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should().Contain("Images").And.Contain("PlanktonImageOptions.DefaultDiskFormat is not valid");
    }

    [Test]
    public void CustomValidator_SeveralProblems_ReportsEveryOne()
    {
        var options = new PlanktonStorageOptions
        {
            RootPath = " ",
            BlockSize = 5000,
            BusyTimeout = TimeSpan.FromSeconds(-1),
        };

        ValidateOptionsResult result = new PlanktonStorageOptionsCustomValidator().Validate(null, options);

        result.Failures.Should().HaveCount(3);
    }

    [Test]
    public void CustomValidator_NullOptions_Throws()
    {
        Action validate = () => new PlanktonStorageOptionsCustomValidator().Validate(null, null!);

        validate.Should().Throw<ArgumentNullException>();
    }
}
