using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Images;

/// <summary>The Pithos backend over the embedded object store: a SQLite catalogue beside a file-system block store, in a temp folder.</summary>
[TestFixture]
public sealed class PithosSqliteImageBackendTests : ImageBackendContractTests
{
    private TempDirectory? _fixtureDirectory;
    private string? _root;
    private readonly List<IDisposable> _disposables = [];
    private SqliteObjectStore? _store;

    [OneTimeSetUp]
    public void CreateFixtureDirectory() => _fixtureDirectory = new TempDirectory();

    [OneTimeTearDown]
    public void DeleteFixtureDirectory()
    {
        SqliteConnection.ClearAllPools();
        _fixtureDirectory?.Dispose();
    }

    protected override async ValueTask<IImageBackend> CreateBackendAsync(TimeProvider time, PlanktonImageOptions? options)
    {
        _root = _fixtureDirectory!.CreateSubdirectory();
        var blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions
        {
            RootPath = Path.Combine(_root, "blocks"),
            BlockSize = BlockSize,
            VerifyReadsWithSha256 = true,
        });
        _disposables.Add(blocks);
        _store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(_root, "catalogue.db") }, blocks, time);
        _disposables.Insert(0, _store);
        return new PithosImageBackend(_store, options, time);
    }

    [Test]
    public async Task PutAsync_RecordsTheImageInThePlanktonDomainOfItsObject()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);

        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(100, seed: 1)), new ImageCreateRequest
        {
            Name = "mapped",
            Tags = ["a"],
            Properties = new Dictionary<string, string> { ["os"] = "debian" },
        });

        ObjectInfo info = await _store!.GetInfoByUuidAsync(Owner, image.Id);
        IReadOnlyDictionary<string, string> metadata = await _store.GetMetadataAsync(Owner, info.Path, "plankton");
        info.Path.Should().Be(ImagePath("mapped"));
        info.Hash.ToString().Should().Be(image.Checksum);
        metadata.Should().Contain(new Dictionary<string, string>
        {
            ["name"] = "mapped",
            ["status"] = "active",
            ["disk_format"] = "diskdump",
            ["container_format"] = "bare",
            ["visibility"] = "private",
            ["protected"] = "false",
            ["tags"] = "[\"a\"]",
            ["property:os"] = "debian",
            ["created_at"] = "2026-03-01T08:30:00.0000000+00:00",
        });
        metadata.Should().NotContainKey("deleted_at");
    }

    [Test]
    public async Task GetAsync_LegacyPlanktonStatus_MapsOntoTheLifecycle()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        Guid uuid = await WriteObjectAsync(ImagePath("legacy"), Data(10, seed: 2));
        await _store!.UpdateMetadataAsync(Owner, ImagePath("legacy"), "plankton", new Dictionary<string, string> { ["name"] = "old", ["status"] = "available" });

        ImageRecord image = await backend.GetAsync(Owner, uuid);

        image.Status.Should().Be(ImageStatus.Active);
        image.Name.Should().Be("old");
        image.DiskFormat.Should().Be("diskdump");
        image.CreatedAt.Should().Be(Time.GetUtcNow(), "without created_at the object's version time stands in");
    }

    protected override async ValueTask<Guid> WriteObjectAsync(ObjectPath path, byte[] data)
    {
        await _store!.EnsureAccountAsync(path.Account, path.Account);
        await _store.EnsureContainerAsync(path.Account, path.Account, path.Container);
        return (await _store.WriteAsync(path.Account, path, new MemoryStream(data))).Uuid;
    }

    protected override async ValueTask<byte[]?> ReadObjectAsync(ObjectPath path)
    {
        try
        {
            await using Stream stream = await _store!.OpenReadAsync(path.Account, path);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    protected override void CleanUpAfterTest()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        _disposables.Clear();
        _store = null;
        SqliteConnection.ClearAllPools();
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _root = null;
    }
}
