using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Plankton.Core.Blocks;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Options;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.DependencyInjection;

/// <summary>
/// <c>AddPlanktonS3BlockStore</c>: registration and fail-fast validation need no server; the end-to-end tests run
/// against the S3 server of <see cref="S3TestServer"/> (Ceph radosgw in CI).
/// </summary>
[TestFixture]
public sealed class PlanktonS3ServiceCollectionExtensionsTests
{
    private const int BlockSize = 4096;
    private TempDirectory? _directory;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    private string Root => _directory!.Combine("store");

    [Test]
    public void AddPlanktonS3BlockStore_NullArguments_Throw()
    {
        Action nullServices = () => PlanktonS3ServiceCollectionExtensions.AddPlanktonS3BlockStore(null!, _ => { });
        Action nullConfigure = () => new ServiceCollection().AddPlanktonS3BlockStore(null!);

        nullServices.Should().Throw<ArgumentNullException>().WithParameterName("services");
        nullConfigure.Should().Throw<ArgumentNullException>().WithParameterName("configure");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task GetService_WithAddPlanktonCoreBeforeOrAfter_ResolvesOneS3BlockStoreUnderTheCatalogue(bool s3First)
    {
        var services = new ServiceCollection();
        if (s3First)
        {
            services.AddPlanktonS3BlockStore(Offline).AddPlanktonCore(Core);
        }
        else
        {
            services.AddPlanktonCore(Core).AddPlanktonS3BlockStore(Offline);
        }

        await using ServiceProvider provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        IBlockStore blocks = provider.GetRequiredService<IBlockStore>();

        services.Where(d => d.ServiceType == typeof(IBlockStore)).Should().ContainSingle().Which.Lifetime.Should().Be(ServiceLifetime.Singleton);
        S3BlockStore s3 = blocks.Should().BeOfType<S3BlockStore>().Which;
        s3.BucketName.Should().Be("offline-bucket");
        s3.KeyPrefix.Should().Be("p/");
        s3.BlockSize.Should().Be(BlockSize);
        provider.GetRequiredService<IObjectStore>().Blocks.Should().BeSameAs(blocks);
        Directory.Exists(Path.Combine(Root, PlanktonStorageConstants.BlocksFolderName)).Should().BeFalse("no file-system block store is made");
    }

    [Test]
    public async Task StartupValidator_ManyBadSettings_ReportsEachFromBothValidators()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonS3BlockStore(o =>
            {
                o.ServiceUrl = new Uri("ftp://127.0.0.1/");
                o.BucketName = null!;
                o.MaxRetries = 99;
                o.BlockSize = 5000;
                o.AccessKey = "only-one";
            })
            .BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        OptionsValidationException ex = validate.Should().Throw<OptionsValidationException>().Which;
        ex.OptionsType.Should().Be<S3BlockStoreOptions>();
        string failures = string.Join("\n", ex.Failures);
        failures.Should().Contain("BucketName").And.Contain("required", "the DataAnnotations validator reports the missing bucket")
            .And.Contain("MaxRetries").And.Contain("S3BlockStoreOptions.ServiceUrl must be an absolute http:// or https:// address")
            .And.Contain("S3BlockStoreOptions.SecretKey and its partner must both be set")
            .And.Contain("S3BlockStoreOptions.BlockSize must be a power of two");
    }

    [Test]
    public async Task StartupValidator_BlockSizesOfCoreAndS3Differ_Throws()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(o =>
            {
                o.RootPath = Root;
                o.BlockSize = BlockSize * 2;
            })
            .AddPlanktonS3BlockStore(Offline)
            .BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("PlanktonStorageOptions.BlockSize (8192) must equal S3BlockStoreOptions.BlockSize (4096)");
    }

    [Test]
    public async Task GetService_BadOptions_ThrowsOptionsValidationExceptionAndMakesNothing()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(Core)
            .AddPlanktonS3BlockStore(o => o.ServiceUrl = new Uri("http://127.0.0.1:1/"))
            .BuildServiceProvider();

        Action resolve = () => provider.GetRequiredService<IImageBackend>();

        resolve.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("BucketName");
        Directory.Exists(Root).Should().BeFalse();
    }

    [Test]
    public async Task GetService_ImageBackendOnS3_PutsAndReadsAnImageEndToEnd()
    {
        await using S3TestServer server = await S3TestServer.ConnectOrSkipAsync();
        S3BlockStoreOptions s3 = server.NewOptions(BlockSize);
        byte[] data = new byte[(BlockSize * 3) + 17];
        new Random(11).NextBytes(data);
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(Core)
            .AddPlanktonS3BlockStore(o =>
            {
                o.ServiceUrl = s3.ServiceUrl;
                o.Region = s3.Region;
                o.BucketName = s3.BucketName;
                o.KeyPrefix = s3.KeyPrefix;
                o.AccessKey = s3.AccessKey;
                o.SecretKey = s3.SecretKey;
                o.BlockSize = BlockSize;
            })
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        IImageBackend backend = provider.GetRequiredService<IImageBackend>();

        ImageRecord image = await backend.PutAsync("alice", new MemoryStream(data), new ImageCreateRequest { Name = "on-s3" });
        byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await backend.OpenReadAsync("alice", image.Id));

        image.Status.Should().Be(ImageStatus.Active);
        read.Should().Equal(data);
        (await server.ListKeysAsync(s3.KeyPrefix)).Should().HaveCount(4, "the image's four blocks are objects under the prefix");
        Directory.Exists(Path.Combine(Root, PlanktonStorageConstants.BlocksFolderName)).Should().BeFalse();
    }

    [Test]
    [NonParallelizable]
    public async Task GetService_NoKeysInOptions_UsesTheSdkCredentialChain()
    {
        await using S3TestServer server = await S3TestServer.ConnectOrSkipAsync();
        S3BlockStoreOptions s3 = server.NewOptions(BlockSize);
        string? oldKey = Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID");
        string? oldSecret = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", server.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", server.SecretKey);
        try
        {
            await using ServiceProvider provider = new ServiceCollection()
                .AddPlanktonS3BlockStore(o =>
                {
                    o.ServiceUrl = s3.ServiceUrl;
                    o.BucketName = s3.BucketName;
                    o.KeyPrefix = s3.KeyPrefix;
                    o.BlockSize = BlockSize;
                })
                .BuildServiceProvider();
            provider.GetRequiredService<IStartupValidator>().Validate();
            IBlockStore blocks = provider.GetRequiredService<IBlockStore>();
            byte[] content = [.. Enumerable.Range(1, 100).Select(i => (byte)i)];
            HashedBlock block = HashedBlock.Create(content);

            BlockPutOutcome outcome = await blocks.PutAsync(block);
            byte[] read = new byte[BlockSize];
            int length = await blocks.ReadAsync(block.Hash, read);

            outcome.Should().Be(BlockPutOutcome.Stored);
            read.AsSpan(0, length).ToArray().Should().Equal(content);
            (await server.ListKeysAsync(s3.KeyPrefix)).Should().Equal(s3.KeyPrefix + block.Hash.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", oldKey);
            Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", oldSecret);
        }
    }

    private static void Offline(S3BlockStoreOptions o)
    {
        o.ServiceUrl = new Uri("http://127.0.0.1:1/");
        o.BucketName = "offline-bucket";
        o.KeyPrefix = "p/";
        o.AccessKey = "key";
        o.SecretKey = "secret";
        o.BlockSize = BlockSize;
    }

    private void Core(PlanktonStorageOptions o)
    {
        o.RootPath = Root;
        o.BlockSize = BlockSize;
    }
}
