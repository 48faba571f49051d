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
        SqliteConnectionFactory.ClearAllPools();
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
    public async Task PutAsync_SizeMismatch_LeavesNoVersionAndGarbageCollectionFreesItsBlocks()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        byte[] data = Data((3 * BlockSize) + 10, seed: 41);

        Func<Task> put = async () => await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "liar", Size = data.Length + 1 });

        await put.Should().ThrowAsync<ImageValidationException>();
        Func<Task> versions = async () => await _store!.ListVersionsAsync(Owner, ImagePath("liar"));
        await versions.Should().ThrowAsync<ObjectNotFoundException>("the failed upload's placeholder and data versions are purged");
        Core.Maintenance.GarbageCollectionReport collected = await _store!.CollectGarbageAsync();
        collected.Deleted.Should().Be(4, "the four blocks the failed upload ingested are referenced by nothing");
        Directory.EnumerateFiles(Path.Combine(_root!, "blocks"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Length == 64).Should().BeEmpty();
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

    [Test]
    public async Task PutAsync_Public_GrantsEveryoneReadOnTheObject()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);

        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 3)), new ImageCreateRequest { Name = "pub", Visibility = ImageVisibility.Public });

        ObjectPermissionsInfo permissions = await _store!.GetPermissionsAsync(Owner, ImagePath("pub"));
        permissions.Permissions.Read.Should().Equal("*");
        permissions.Permissions.Write.Should().BeEmpty();
        (await _store.GetInfoAsync(Stranger, ImagePath("pub"))).Uuid.Should().Be(image.Id, "object-store clients see the same access");
    }

    [Test]
    public async Task Members_AreReflectedAsReadPermissionsAndMemberStatusIsInTheDomain()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        ImageRecord image = await PutSharedAsync(backend, "s", Member, OtherMember);
        await backend.AcceptMemberAsync(Member, image.Id);

        ObjectPermissionsInfo shared = await _store!.GetPermissionsAsync(Owner, ImagePath("s"));
        IReadOnlyDictionary<string, string> metadata = await _store.GetMetadataAsync(Owner, ImagePath("s"), "plankton");
        await backend.RemoveMemberAsync(Owner, image.Id, OtherMember);
        ObjectPermissionsInfo afterRemove = await _store.GetPermissionsAsync(Owner, ImagePath("s"));

        shared.Permissions.Read.Should().Equal(Member, OtherMember);
        metadata["members"].Should().Be("{\"bob\":\"accepted\",\"dave\":\"pending\"}");
        afterRemove.Permissions.Read.Should().Equal(Member);
    }

    [Test]
    public async Task UnregisterAsync_DropsTheReadAccessTheImageGrantedAndKeepsOwnWriteEntries()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 4)), new ImageCreateRequest { Name = "pub", Visibility = ImageVisibility.Public });
        await _store!.SetPermissionsAsync(Owner, ImagePath("pub"), new ObjectPermissions(["*"], ["carol"]));

        await backend.UnregisterAsync(Owner, image.Id);

        ObjectPermissionsInfo permissions = await _store.GetPermissionsAsync(Owner, ImagePath("pub"));
        permissions.Permissions.Read.Should().BeEmpty("spec §11.9: unregistering withdraws the public access registration granted");
        permissions.Permissions.Write.Should().Equal("carol");
        Func<Task> stranger = async () => await _store.GetInfoAsync(Stranger, ImagePath("pub"));
        await stranger.Should().ThrowAsync<NotAllowedException>();
    }

    [Test]
    public async Task UpdateAsync_PublicToPrivate_WithdrawsEveryonesRead()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 5)), new ImageCreateRequest { Name = "pub", Visibility = ImageVisibility.Public });

        await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Visibility = ImageVisibility.Private });

        (await _store!.GetPermissionsAsync(Owner, ImagePath("pub"))).Permissions.IsEmpty.Should().BeTrue();
    }

    [Test]
    public async Task GetAndListAsync_PrivateImageWhoseObjectIsReadableThroughTheStore_StayHiddenFromStrangers()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 6)), new ImageCreateRequest { Name = "priv" });
        await _store!.SetPermissionsAsync(Owner, new ObjectPath(Owner, "images", "priv"), new ObjectPermissions(["*"], null));

        Func<Task> get = async () => await backend.GetAsync(Stranger, image.Id);
        ImageListPage page = await backend.ListAsync(Stranger);

        await get.Should().ThrowAsync<ImageNotFoundException>("the image's visibility decides, not a permission set by hand on its object");
        page.Images.Should().BeEmpty();
    }

    [Test]
    public async Task CloneAsync_ReadsAndWritesNoBlock_TheCloneSharesTheSourcesHashmap()
    {
        IImageBackend backend = await CreateBackendAsync(Time, null);
        ImageRecord source = await backend.PutAsync(Owner, new MemoryStream(Data((3 * BlockSize) + 1, seed: 7)), new ImageCreateRequest { Name = "src" });
        string blocks = Path.Combine(_root!, "blocks");
        string[] files = Directory.GetFiles(blocks, "*", SearchOption.AllDirectories);
        files.Should().NotBeEmpty();
        foreach (string file in files)
        {
            File.Delete(file); // a clone that read or copied the data would now fail
        }

        ImageRecord clone = await backend.CloneAsync(Owner, source.Id, new ImageCloneRequest { Name = "clone" });

        Directory.GetFiles(blocks, "*", SearchOption.AllDirectories).Should().BeEmpty("the clone wrote no block");
        ObjectInfo info = await _store!.GetInfoByUuidAsync(Owner, clone.Id);
        info.Hash.ToString().Should().Be(source.Checksum);
        info.Size.Should().Be(source.Size);
    }

    protected override Task<string> DescribeStorageAsync() =>
        Plankton.Core.Tests.Objects.SqliteCatalogue.DescribeAsync(Path.Combine(_root!, "catalogue.db"), Path.Combine(_root!, "blocks"));

    protected override ValueTask<Guid> WriteObjectAsync(ObjectPath path, byte[] data) => WriteObjectThroughAsync(_store!, path, data);

    protected override ValueTask<byte[]?> ReadObjectAsync(ObjectPath path) => ReadObjectThroughAsync(_store!, path);

    protected override void CleanUpAfterTest()
    {
        foreach (IDisposable disposable in _disposables)
        {
            disposable.Dispose();
        }

        _disposables.Clear();
        _store = null;
        SqliteConnectionFactory.ClearAllPools();
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _root = null;
    }
}
