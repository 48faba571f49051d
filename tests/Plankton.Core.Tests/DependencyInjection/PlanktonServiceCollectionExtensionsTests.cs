using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Options;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.DependencyInjection;

[TestFixture]
public sealed class PlanktonServiceCollectionExtensionsTests
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
    public void AddPlanktonCore_NullArguments_Throw()
    {
        Action nullServices = () => PlanktonServiceCollectionExtensions.AddPlanktonCore(null!, _ => { });
        Action nullConfigure = () => new ServiceCollection().AddPlanktonCore(null!);

        nullServices.Should().Throw<ArgumentNullException>().WithParameterName("services");
        nullConfigure.Should().Throw<ArgumentNullException>().WithParameterName("configure");
    }

    [Test]
    public void AddPlanktonCore_ReturnsTheSameCollection()
    {
        var services = new ServiceCollection();

        services.AddPlanktonCore(o => o.RootPath = Root).Should().BeSameAs(services);
    }

    [Test]
    public void AddPlanktonCore_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddPlanktonCore(o => o.RootPath = Root).AddPlanktonCore(o => o.BlockSize = BlockSize);

        services.Count(d => d.ServiceType == typeof(IBlockStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IObjectStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IImageBackend)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(TimeProvider)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<PlanktonStorageOptions>)).Should().Be(2);
    }

    [Test]
    public void AddPlanktonCore_RegistersSingletons()
    {
        var services = new ServiceCollection().AddPlanktonCore(o => o.RootPath = Root);

        services.Where(d => d.ServiceType == typeof(IBlockStore) || d.ServiceType == typeof(IObjectStore) || d.ServiceType == typeof(IImageBackend) || d.ServiceType == typeof(TimeProvider))
            .Should().HaveCount(4).And.OnlyContain(d => d.Lifetime == ServiceLifetime.Singleton);
    }

    [Test]
    public async Task StartupValidator_ValidOptions_DoesNotThrow()
    {
        await using ServiceProvider provider = new ServiceCollection().AddPlanktonCore(o => o.RootPath = Root).BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().NotThrow();
    }

    [Test]
    public async Task StartupValidator_MissingRootPath_ThrowsOptionsValidationException()
    {
        await using ServiceProvider provider = new ServiceCollection().AddPlanktonCore(_ => { }).BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>()
            .Which.Message.Should().Contain("RootPath").And.Contain("required");
    }

    [Test]
    public async Task StartupValidator_BadBlockSize_ThrowsOptionsValidationException()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(o =>
            {
                o.RootPath = Root;
                o.BlockSize = 5000;
            })
            .BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        OptionsValidationException ex = validate.Should().Throw<OptionsValidationException>().Which;
        ex.OptionsType.Should().Be<PlanktonStorageOptions>();
        ex.Failures.Should().ContainSingle().Which.Should().Contain("the block size must be a power of two from 4096 to 67108864 bytes (was 5000)");
    }

    [Test]
    public async Task StartupValidator_BadRootAndBlockSize_ReportsBothValidators()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(o => o.BlockSize = 1)
            .BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        OptionsValidationException ex = validate.Should().Throw<OptionsValidationException>().Which;
        ex.Message.Should().Contain("RootPath").And.Contain("BlockSize").And.Contain("power of two");
    }

    [Test]
    public async Task GetService_BadOptions_ThrowsOptionsValidationException()
    {
        await using ServiceProvider provider = new ServiceCollection().AddPlanktonCore(o => o.RootPath = " ").BuildServiceProvider();

        Action resolve = () => provider.GetRequiredService<IImageBackend>();

        resolve.Should().Throw<OptionsValidationException>();
        Directory.Exists(Root).Should().BeFalse();
    }

    [Test]
    public async Task GetService_DefaultStack_UsesTheFileSystemAndSqliteStoresUnderTheRoot()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(o =>
            {
                o.RootPath = Root;
                o.BlockSize = BlockSize;
            })
            .BuildServiceProvider();

        IBlockStore blocks = provider.GetRequiredService<IBlockStore>();
        IObjectStore store = provider.GetRequiredService<IObjectStore>();

        blocks.Should().BeOfType<FileSystemBlockStore>().Which.RootPath.Should().Be(Path.Combine(Root, PlanktonStorageConstants.BlocksFolderName));
        blocks.BlockSize.Should().Be(BlockSize);
        store.Should().BeOfType<SqliteObjectStore>().Which.Blocks.Should().BeSameAs(blocks);
        File.Exists(Path.Combine(Root, PlanktonStorageConstants.CatalogueFileName)).Should().BeTrue();
        provider.GetRequiredService<IObjectStore>().Should().BeSameAs(store);
        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(TimeProvider.System);
    }

    [Test]
    public async Task GetService_ImageBackend_PutsAndReadsAnImageEndToEnd()
    {
        byte[] data = new byte[(BlockSize * 2) + 123];
        new Random(7).NextBytes(data);
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonCore(o =>
            {
                o.RootPath = Root;
                o.BlockSize = BlockSize;
                o.Images.DefaultContainer = "vm-images";
            })
            .BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        IImageBackend backend = provider.GetRequiredService<IImageBackend>();

        ImageRecord image = await backend.PutAsync("alice", new MemoryStream(data), new ImageCreateRequest { Name = "debian" });
        byte[] read;
        await using (Stream stream = await backend.OpenReadAsync("alice", image.Id))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            read = copy.ToArray();
        }

        backend.Should().BeOfType<PithosImageBackend>();
        image.Size.Should().Be(data.Length);
        image.Status.Should().Be(ImageStatus.Active);
        read.Should().Equal(data);
        (await backend.GetAsync("alice", image.Id)).Name.Should().Be("debian");
        Directory.EnumerateFiles(Path.Combine(Root, PlanktonStorageConstants.BlocksFolderName), "*", SearchOption.AllDirectories).Should().NotBeEmpty();
        ObjectInfo info = await provider.GetRequiredService<IObjectStore>().GetInfoByUuidAsync("alice", image.Id);
        info.Path.Container.Should().Be("vm-images");
    }

    [Test]
    public async Task GetService_UserRegisteredBlockStore_WinsOverTheDefault()
    {
        var userBlocks = new InMemoryBlockStore(BlockSize);
        var services = new ServiceCollection();
        services.AddSingleton<IBlockStore>(userBlocks);
        services.AddPlanktonCore(o => o.RootPath = Root);
        await using ServiceProvider provider = services.BuildServiceProvider();

        IBlockStore blocks = provider.GetRequiredService<IBlockStore>();
        IImageBackend backend = provider.GetRequiredService<IImageBackend>();
        ImageRecord image = await backend.PutAsync("alice", new MemoryStream([1, 2, 3]), new ImageCreateRequest { Name = "tiny" });

        blocks.Should().BeSameAs(userBlocks);
        provider.GetRequiredService<IObjectStore>().Blocks.Should().BeSameAs(userBlocks);
        userBlocks.Count.Should().BePositive();
        image.Size.Should().Be(3);
        Directory.Exists(Path.Combine(Root, PlanktonStorageConstants.BlocksFolderName)).Should().BeFalse();
    }

    [Test]
    public async Task GetService_UserRegisteredTimeProvider_WinsOverTheSystemClock()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2020, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddPlanktonCore(o =>
        {
            o.RootPath = Root;
            o.BlockSize = BlockSize;
        });
        await using ServiceProvider provider = services.BuildServiceProvider();

        ImageRecord image = await provider.GetRequiredService<IImageBackend>().PutAsync("alice", new MemoryStream([1]), new ImageCreateRequest { Name = "clocked" });

        provider.GetRequiredService<TimeProvider>().Should().BeSameAs(time);
        image.CreatedAt.Should().Be(time.GetUtcNow());
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
