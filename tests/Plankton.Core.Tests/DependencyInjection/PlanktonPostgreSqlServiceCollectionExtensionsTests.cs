using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.PostgreSql;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.DependencyInjection;

/// <summary>
/// <c>AddPlanktonPostgreSqlCatalogue</c>: registration and fail-fast validation need no server; the end-to-end tests
/// run against the PostgreSQL server of <see cref="PostgreSqlTestServer"/>.
/// </summary>
[TestFixture]
public sealed class PlanktonPostgreSqlServiceCollectionExtensionsTests
{
    private TempDirectory? _directory;

    [SetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    [Test]
    public void AddPlanktonPostgreSqlCatalogue_NullArguments_Throw()
    {
        Action nullServices = () => PlanktonPostgreSqlServiceCollectionExtensions.AddPlanktonPostgreSqlCatalogue(null!, _ => { });
        Action nullConfigure = () => new ServiceCollection().AddPlanktonPostgreSqlCatalogue(null!);

        nullServices.Should().Throw<ArgumentNullException>().WithParameterName("services");
        nullConfigure.Should().Throw<ArgumentNullException>().WithParameterName("configure");
    }

    [Test]
    public async Task StartupValidator_BadSettings_ReportsEachProblem()
    {
        await using ServiceProvider provider = new ServiceCollection()
            .AddPlanktonPostgreSqlCatalogue(o =>
            {
                o.ConnectionString = "Hots=nowhere";
                o.Schema = "Bad-Schema;DROP";
                o.LockTimeout = TimeSpan.FromSeconds(-1);
                o.LeaseDuration = TimeSpan.FromMilliseconds(10);
            })
            .BuildServiceProvider();

        Action validate = () => provider.GetRequiredService<IStartupValidator>().Validate();

        validate.Should().Throw<OptionsValidationException>().Which.Failures.Should().SatisfyRespectively(
            f => f.Should().StartWith("Property ConnectionString: PostgreSqlObjectStoreOptions.ConnectionString is not an Npgsql connection string"),
            f => f.Should().StartWith("Property Schema: PostgreSqlObjectStoreOptions.Schema 'Bad-Schema;DROP' is not a lower-case identifier"),
            f => f.Should().Be("Property LockTimeout: PostgreSqlObjectStoreOptions.LockTimeout is negative."),
            f => f.Should().Be("Property LeaseDuration: PostgreSqlObjectStoreOptions.LeaseDuration is under one second."));
    }

    [Test]
    public async Task OpenAsync_BadSchemaName_ThrowsArgumentExceptionBeforeConnecting()
    {
        var options = new PostgreSqlObjectStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1", Schema = "x\"; DROP SCHEMA public; --" };
        var blocks = new Core.Blocks.InMemory.InMemoryBlockStore();

        Func<Task> open = async () => await PostgreSqlObjectStore.OpenAsync(options, blocks);

        (await open.Should().ThrowAsync<ArgumentException>()).WithMessage("*Schema*not a lower-case identifier*");
    }

    [Test]
    public async Task OpenAsync_NoServerListening_ThrowsCatalogueUnavailable()
    {
        var options = new PostgreSqlObjectStoreOptions { ConnectionString = "Host=127.0.0.1;Port=1;Timeout=2;Username=x;Password=y" };
        var blocks = new Core.Blocks.InMemory.InMemoryBlockStore();

        Func<Task> open = async () => await PostgreSqlObjectStore.OpenAsync(options, blocks);

        (await open.Should().ThrowAsync<CatalogueUnavailableException>()).WithMessage("*cannot be reached*");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task GetService_WithAddPlanktonCoreBeforeOrAfter_ResolvesOnePostgreSqlCatalogueThatServesImages(bool postgresFirst)
    {
        string connectionString = PostgreSqlTestServer.ConnectionStringOrSkip();
        string schema = PostgreSqlTestServer.NewOptions(connectionString).Schema;
        void Catalogue(PostgreSqlObjectStoreOptions o)
        {
            o.ConnectionString = connectionString;
            o.Schema = schema;
        }

        void Core(Plankton.Core.Options.PlanktonStorageOptions o) => o.RootPath = _directory!.Combine("store");
        var services = new ServiceCollection();
        if (postgresFirst)
        {
            services.AddPlanktonPostgreSqlCatalogue(Catalogue).AddPlanktonCore(Core);
        }
        else
        {
            services.AddPlanktonCore(Core).AddPlanktonPostgreSqlCatalogue(Catalogue);
        }

        try
        {
            await using ServiceProvider provider = services.BuildServiceProvider();
            provider.GetRequiredService<IStartupValidator>().Validate();
            IObjectStore store = provider.GetRequiredService<IObjectStore>();
            IImageBackend images = provider.GetRequiredService<IImageBackend>();
            ImageRecord image = await images.PutAsync("alice", new MemoryStream(new byte[10_000]), new ImageCreateRequest { Name = "di" });

            services.Where(d => d.ServiceType == typeof(IObjectStore)).Should().ContainSingle();
            store.Should().BeOfType<PostgreSqlObjectStore>();
            (await images.GetAsync("alice", image.Id)).Name.Should().Be("di");
            File.Exists(Path.Combine(_directory!.Combine("store"), "catalogue.db")).Should().BeFalse("no SQLite catalogue is made");
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(connectionString, schema);
        }
    }
}
