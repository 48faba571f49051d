using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.Objects;
using Plankton.Core.Tests.Infrastructure;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.Tests.Images;

/// <summary>
/// The <see cref="IImageBackend"/> contract, written once: each implementation gets a small sealed
/// <c>[TestFixture]</c> subclass that says how to make a backend and how to reach the objects under it.
/// </summary>
/// <remarks>Each test gets a new, empty backend whose clock is <see cref="Time"/>, at the smallest block size.</remarks>
public abstract partial class ImageBackendContractTests
{
    protected const int BlockSize = HashingConstants.MinBlockSize;
    protected const string Owner = "alice";
    protected const string Stranger = "mallory";
    protected const string Member = "bob";
    protected const string OtherMember = "dave";

    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    protected ManualTimeProvider Time { get; private set; } = null!;

    /// <summary>Makes a new, empty backend over new, empty storage.</summary>
    protected abstract ValueTask<IImageBackend> CreateBackendAsync(TimeProvider time, PlanktonImageOptions? options);

    /// <summary>Writes an object as its owner would (making the account and container when needed); returns its uuid.</summary>
    protected abstract ValueTask<Guid> WriteObjectAsync(ObjectPath path, byte[] data);

    /// <summary>Reads an object's data directly (not through the image backend), or <see langword="null"/> when there is no object.</summary>
    protected abstract ValueTask<byte[]?> ReadObjectAsync(ObjectPath path);

    /// <summary>Runs after each test.</summary>
    protected virtual void CleanUpAfterTest()
    {
    }

    [SetUp]
    public void StartClock() => Time = new ManualTimeProvider(s_start);

    [TearDown]
    public void CleanUp() => CleanUpAfterTest();

    // ---- put -------------------------------------------------------------------------------------------------

    [Test]
    public async Task PutAsync_ThenGetAsync_RoundTripsTheRecord()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((3 * BlockSize) + 123, seed: 1);

        ImageRecord put = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest
        {
            Name = "debian-12",
            Tags = ["linux", "debian", "linux"],
            Properties = new Dictionary<string, string> { ["os"] = "debian", ["gui"] = "no" },
        });
        ImageRecord got = await backend.GetAsync(Owner, put.Id);

        put.Checksum.Should().Be(await TopHashAsync(data));
        put.Size.Should().Be(data.Length);
        put.Status.Should().Be(ImageStatus.Active);
        put.Name.Should().Be("debian-12");
        put.Owner.Should().Be(Owner);
        put.Location.Should().Be("pithos://alice/images/debian-12");
        put.Store.Should().Be("pithos");
        put.DiskFormat.Should().Be("diskdump");
        put.ContainerFormat.Should().Be("bare");
        put.Visibility.Should().Be(ImageVisibility.Private);
        put.IsPublic.Should().BeFalse();
        put.Protected.Should().BeFalse();
        put.Tags.Should().Equal("linux", "debian");
        put.Properties.Should().BeEquivalentTo(new Dictionary<string, string> { ["os"] = "debian", ["gui"] = "no" });
        put.CreatedAt.Should().Be(s_start);
        put.UpdatedAt.Should().Be(s_start);
        put.DeletedAt.Should().BeNull();
        put.Id.Should().NotBeEmpty();
        got.Should().Be(put);
    }

    [Test]
    public async Task PutAsync_WithFileNameFormatsAndVisibility_RecordsThem()
    {
        IImageBackend backend = await NewBackendAsync();

        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 2)), new ImageCreateRequest
        {
            Name = "Windows Server",
            FileName = "win/2022.img",
            DiskFormat = "ntfsdump",
            ContainerFormat = "ovf",
            Store = "pithos",
            Visibility = ImageVisibility.Public,
            Protected = true,
            MinDisk = 40,
            MinRam = 4096,
        });

        image.Location.Should().Be("pithos://alice/images/win/2022.img");
        image.DiskFormat.Should().Be("ntfsdump");
        image.ContainerFormat.Should().Be("ovf");
        image.IsPublic.Should().BeTrue();
        image.Protected.Should().BeTrue();
        image.MinDisk.Should().Be(40);
        image.MinRam.Should().Be(4096);
        (await backend.GetAsync(Owner, image.Id)).Should().Be(image);
    }

    [Test]
    public async Task PutAsync_WhileDataStreams_HoldsTheNameAndStampsUpdatedAtWhenDone()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(3 * BlockSize, seed: 41);
        byte[]? duringUpload = null;
        Func<Task>? secondPut = null;
        var source = new CallbackStream(data, BlockSize, async () =>
        {
            duringUpload = await ReadObjectAsync(ImagePath("in-flight"));
            secondPut = async () => await backend.PutAsync(Owner, new MemoryStream(Data(5, seed: 42)), new ImageCreateRequest { Name = "in-flight" });
            await secondPut.Should().ThrowAsync<ImageConflictException>("the saving image already holds the name");
            Time.Advance(TimeSpan.FromMinutes(3));
        });

        ImageRecord image = await backend.PutAsync(Owner, source, new ImageCreateRequest { Name = "in-flight" });

        duringUpload.Should().NotBeNull("the image (status saving) exists while its data streams in");
        secondPut.Should().NotBeNull();
        image.CreatedAt.Should().Be(s_start);
        image.UpdatedAt.Should().Be(s_start + TimeSpan.FromMinutes(3));
        image.Status.Should().Be(ImageStatus.Active);
        (await ReadObjectAsync(ImagePath("in-flight"))).Should().Equal(data);
    }

    [Test]
    public async Task PutAsync_ManyInParallel_AllBecomeActive()
    {
        IImageBackend backend = await NewBackendAsync();

        ImageRecord[] images = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await backend.PutAsync(Owner, new MemoryStream(Data(BlockSize + i, seed: 100 + i)), new ImageCreateRequest { Name = $"p{i}" }))));

        images.Select(i => i.Id).Should().OnlyHaveUniqueItems();
        foreach (ImageRecord image in images)
        {
            (await backend.GetAsync(Owner, image.Id)).Should().Be(image);
        }
    }

    [Test]
    public async Task PutAsync_EmptyData_IsActiveWithTheEmptyHash()
    {
        IImageBackend backend = await NewBackendAsync();

        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(), new ImageCreateRequest { Name = "empty", Size = 0 });

        image.Size.Should().Be(0);
        image.Checksum.Should().Be(BlockHash.Empty.ToString());
        image.Status.Should().Be(ImageStatus.Active);
    }

    [Test]
    public async Task PutAsync_WithMatchingSizeAndUpperCaseChecksum_Succeeds()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((2 * BlockSize) + 1, seed: 3);
        string checksum = await TopHashAsync(data);

        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest
        {
            Name = "checked",
            Size = data.Length,
            Checksum = checksum.ToUpperInvariant(),
        });

        image.Checksum.Should().Be(checksum);
    }

    [Test]
    public async Task PutAsync_WrongSize_ThrowsNamingSizeAndLeavesNoImage()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(BlockSize + 5, seed: 4);

        Func<Task> put = async () => await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "bad", Size = data.Length + 1 });

        (await put.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("size");
        await ShouldHaveNoObjectAsync("bad");
        (await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "bad", Size = data.Length }))
            .Status.Should().Be(ImageStatus.Active);
    }

    [Test]
    public async Task PutAsync_WrongChecksum_ThrowsNamingChecksumAndLeavesNoImage()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(BlockSize + 5, seed: 5);

        Func<Task> put = async () => await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest
        {
            Name = "bad",
            Checksum = await TopHashAsync(Data(7, seed: 6)),
        });

        (await put.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("checksum");
        await ShouldHaveNoObjectAsync("bad");
    }

    [TestCase("abc")]
    [TestCase("zz5a1ba1c2b43e6c8b43e6c8b43e6c8b43e6c8b43e6c8b43e6c8b43e6c8b43e6")]
    public async Task PutAsync_MalformedChecksum_ThrowsNamingChecksumBeforeWriting(string checksum)
    {
        IImageBackend backend = await NewBackendAsync();

        Func<Task> put = async () => await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 7)), new ImageCreateRequest { Name = "x", Checksum = checksum });

        (await put.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("checksum");
        await ShouldHaveNoObjectAsync("x");
    }

    [Test]
    public async Task PutAsync_Cancelled_LeavesNoImageAndTheNameFree()
    {
        IImageBackend backend = await NewBackendAsync();
        using var cts = new CancellationTokenSource();
        var source = new FaultyStream(failAfter: 2 * BlockSize, length: 64 * BlockSize, cancelAtFault: cts);

        Func<Task> put = async () => await backend.PutAsync(Owner, source, new ImageCreateRequest { Name = "cancelled" }, cts.Token);

        await put.Should().ThrowAsync<OperationCanceledException>();
        await ShouldHaveNoObjectAsync("cancelled");
        (await backend.PutAsync(Owner, new MemoryStream(Data(9, seed: 8)), new ImageCreateRequest { Name = "cancelled" }))
            .Status.Should().Be(ImageStatus.Active);
    }

    [Test]
    public async Task PutAsync_SourceFails_RethrowsAndLeavesNoImage()
    {
        IImageBackend backend = await NewBackendAsync();

        Func<Task> put = async () => await backend.PutAsync(Owner, new FaultyStream(failAfter: BlockSize + 3, length: 16 * BlockSize), new ImageCreateRequest { Name = "broken" });

        await put.Should().ThrowAsync<IOException>();
        await ShouldHaveNoObjectAsync("broken");
    }

    [Test]
    public async Task PutAsync_OverAnExistingObject_ThrowsConflictAndKeepsTheObject()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] original = Data(100, seed: 9);
        await WriteObjectAsync(ImagePath("taken"), original);

        Func<Task> put = async () => await backend.PutAsync(Owner, new MemoryStream(Data(5, seed: 10)), new ImageCreateRequest { Name = "taken" });

        await put.Should().ThrowAsync<ImageConflictException>();
        (await ReadObjectAsync(ImagePath("taken"))).Should().Equal(original);
    }

    [TestCase("disk_format")]
    [TestCase("container_format")]
    [TestCase("store")]
    [TestCase("name")]
    [TestCase("min_disk")]
    [TestCase("properties")]
    [TestCase("properties.owner")]
    [TestCase("tags")]
    public async Task PutAsync_InvalidAttribute_ThrowsNamingTheFieldAndWritesNothing(string field)
    {
        IImageBackend backend = await NewBackendAsync(new PlanktonImageOptions { MaxProperties = 2 });
        var request = new ImageCreateRequest { Name = "img" };
        switch (field)
        {
            case "disk_format": request.DiskFormat = "qcow2"; break;
            case "container_format": request.ContainerFormat = "docker"; break;
            case "store": request.Store = "file"; break;
            case "name": request.Name = " "; request.FileName = "img"; break;
            case "min_disk": request.MinDisk = -1; break;
            case "properties": request.Properties = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2", ["c"] = "3" }; break;
            case "properties.owner": request.Properties = new Dictionary<string, string> { ["owner"] = "mallory" }; break;
            case "tags": request.Tags = ["ok", "bad\ntag"]; break;
        }

        Func<Task> put = async () => await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 11)), request);

        (await put.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be(field);
        await ShouldHaveNoObjectAsync("img");
    }

    // ---- register --------------------------------------------------------------------------------------------

    [Test]
    public async Task RegisterAsync_ExistingObject_BecomesAnActiveImageWithTheObjectUuid()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((4 * BlockSize) + 17, seed: 12);
        ObjectPath path = new(Owner, "uploads", "disks/centos.img");
        Guid uuid = await WriteObjectAsync(path, data);
        Time.Advance(TimeSpan.FromMinutes(5));

        ImageRecord image = await backend.RegisterAsync(Owner, "pithos://alice/uploads/disks/centos.img", new ImageCreateRequest { Name = "CentOS" });

        image.Id.Should().Be(uuid);
        image.Checksum.Should().Be(await TopHashAsync(data));
        image.Size.Should().Be(data.Length);
        image.Status.Should().Be(ImageStatus.Active);
        image.Location.Should().Be("pithos://alice/uploads/disks/centos.img");
        image.CreatedAt.Should().Be(Time.GetUtcNow(), "created_at is the registration time, not the upload time (spec §11.7)");
        image.UpdatedAt.Should().Be(Time.GetUtcNow());
        (await backend.GetAsync(Owner, uuid)).Should().Be(image);
    }

    [Test]
    public async Task RegisterAsync_WithMatchingSizeAndChecksum_Succeeds()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(BlockSize, seed: 13);
        await WriteObjectAsync(ImagePath("f"), data);

        ImageRecord image = await backend.RegisterAsync(Owner, "pithos://alice/images/f", new ImageCreateRequest
        {
            Name = "f",
            Size = data.Length,
            Checksum = await TopHashAsync(data),
        });

        image.Status.Should().Be(ImageStatus.Active);
    }

    [TestCase("size")]
    [TestCase("checksum")]
    public async Task RegisterAsync_MismatchedSizeOrChecksum_ThrowsNamingTheFieldAndMakesNoImage(string field)
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(BlockSize + 1, seed: 14);
        Guid uuid = await WriteObjectAsync(ImagePath("f"), data);
        var request = new ImageCreateRequest { Name = "f" };
        if (field == "size")
        {
            request.Size = 1;
        }
        else
        {
            request.Checksum = BlockHash.Empty.ToString();
        }

        Func<Task> register = async () => await backend.RegisterAsync(Owner, "pithos://alice/images/f", request);

        (await register.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be(field);
        Func<Task> get = async () => await backend.GetAsync(Owner, uuid);
        await get.Should().ThrowAsync<ImageNotFoundException>();
    }

    [TestCase("pithos://alice/images/nothing")]
    [TestCase("pithos://alice/no-such-container/nothing")]
    public async Task RegisterAsync_MissingObject_ThrowsObjectNotFound(string location)
    {
        IImageBackend backend = await NewBackendAsync();
        await WriteObjectAsync(ImagePath("other"), Data(3, seed: 15));

        Func<Task> register = async () => await backend.RegisterAsync(Owner, location, new ImageCreateRequest { Name = "n" });

        (await register.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Item);
    }

    [TestCase("http://alice/images/f")]
    [TestCase("pithos://alice/images")]
    [TestCase("pithos://alice/images/")]
    [TestCase("pithos://alice//f")]
    [TestCase("pithos:///images/f")]
    [TestCase("pithos://alice/images/a/../f")]
    public async Task RegisterAsync_MalformedLocation_ThrowsNamingLocation(string location)
    {
        IImageBackend backend = await NewBackendAsync();

        Func<Task> register = async () => await backend.RegisterAsync(Owner, location, new ImageCreateRequest { Name = "n" });

        (await register.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("location");
    }

    [Test]
    public async Task RegisterAsync_AnotherUsersObject_ThrowsNotAllowed()
    {
        IImageBackend backend = await NewBackendAsync();
        await WriteObjectAsync(ImagePath("f"), Data(3, seed: 16));

        Func<Task> register = async () => await backend.RegisterAsync(Stranger, "pithos://alice/images/f", new ImageCreateRequest { Name = "mine" });

        await register.Should().ThrowAsync<NotAllowedException>();
    }

    [Test]
    public async Task RegisterAsync_AnImageAgain_KeepsIdAndCreatedAtAndReplacesAttributes()
    {
        IImageBackend backend = await NewBackendAsync();
        await WriteObjectAsync(ImagePath("f"), Data(3, seed: 17));
        ImageRecord first = await backend.RegisterAsync(Owner, "pithos://alice/images/f", new ImageCreateRequest
        {
            Name = "one",
            Properties = new Dictionary<string, string> { ["a"] = "1" },
        });
        Time.Advance(TimeSpan.FromHours(1));

        ImageRecord second = await backend.RegisterAsync(Owner, "pithos://alice/images/f", new ImageCreateRequest { Name = "two", DiskFormat = "extdump" });

        second.Id.Should().Be(first.Id);
        second.CreatedAt.Should().Be(first.CreatedAt);
        second.UpdatedAt.Should().Be(Time.GetUtcNow());
        second.Name.Should().Be("two");
        second.DiskFormat.Should().Be("extdump");
        second.Properties.Should().BeEmpty();
    }

    // ---- update ----------------------------------------------------------------------------------------------

    [Test]
    public async Task UpdateAsync_NotMentioningProperties_LeavesThemAlone()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);
        Time.Advance(TimeSpan.FromMinutes(1));

        ImageRecord updated = await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Name = "renamed" });

        updated.Name.Should().Be("renamed");
        updated.Properties.Should().BeEquivalentTo(image.Properties);
        updated.CreatedAt.Should().Be(image.CreatedAt);
        updated.UpdatedAt.Should().Be(Time.GetUtcNow());
        updated.Checksum.Should().Be(image.Checksum);
        updated.Size.Should().Be(image.Size);
        (await backend.GetAsync(Owner, image.Id)).Should().Be(updated);
    }

    [Test]
    public async Task UpdateAsync_MergeProperties_UpsertsAndRemovesEmptyValues()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        ImageRecord updated = await backend.UpdateAsync(Owner, image.Id, new ImageUpdate
        {
            Properties = new Dictionary<string, string> { ["os"] = "ubuntu", ["gui"] = string.Empty, ["kernel"] = "6.1" },
        });

        updated.Properties.Should().BeEquivalentTo(new Dictionary<string, string> { ["os"] = "ubuntu", ["users"] = "root", ["kernel"] = "6.1" });
        (await backend.GetAsync(Owner, image.Id)).Properties.Should().BeEquivalentTo(updated.Properties);
    }

    [Test]
    public async Task UpdateAsync_ReplaceProperties_DropsTheOthers()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        ImageRecord updated = await backend.UpdateAsync(Owner, image.Id, new ImageUpdate
        {
            Properties = new Dictionary<string, string> { ["kernel"] = "6.1" },
            PropertiesMode = ImagePropertiesMode.Replace,
        });

        updated.Properties.Should().BeEquivalentTo(new Dictionary<string, string> { ["kernel"] = "6.1" });
        updated.Name.Should().Be(image.Name, "replacing properties does not touch the image's own attributes (spec §11.14)");
        (await backend.GetAsync(Owner, image.Id)).Should().Be(updated);
    }

    [TestCase("size")]
    [TestCase("checksum")]
    [TestCase("id")]
    [TestCase("owner")]
    [TestCase("Location")]
    public async Task UpdateAsync_PropertyNamedLikeAnImageField_IsRefusedAndChangesNothing(string key)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        Func<Task> update = async () => await backend.UpdateAsync(Owner, image.Id, new ImageUpdate
        {
            Name = "changed",
            Properties = new Dictionary<string, string> { [key] = "42" },
        });

        (await update.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("properties." + key);
        (await backend.GetAsync(Owner, image.Id)).Should().Be(image);
    }

    [Test]
    public async Task UpdateAsync_EveryUpdatableField_IsRecorded()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        ImageRecord updated = await backend.UpdateAsync(Owner, image.Id, new ImageUpdate
        {
            DiskFormat = "extdump",
            ContainerFormat = "aki",
            Visibility = ImageVisibility.Community,
            Protected = true,
            MinDisk = 10,
            MinRam = 512,
            Tags = ["b", "a", "b"],
        });

        updated.DiskFormat.Should().Be("extdump");
        updated.ContainerFormat.Should().Be("aki");
        updated.Visibility.Should().Be(ImageVisibility.Community);
        updated.Protected.Should().BeTrue();
        updated.MinDisk.Should().Be(10);
        updated.MinRam.Should().Be(512);
        updated.Tags.Should().Equal("b", "a");
        updated.Properties.Should().BeEquivalentTo(image.Properties);
        (await backend.GetAsync(Owner, image.Id)).Should().Be(updated);
    }

    [Test]
    public async Task UpdateAsync_DeactivateThenReactivate_FollowsTheLifecycle()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        ImageRecord deactivated = await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Status = ImageStatus.Deactivated });
        await using (Stream stream = await backend.OpenReadAsync(Owner, image.Id))
        {
            (await ReadAllAsync(stream)).Length.Should().Be((int)image.Size, "the owner may still read a deactivated image");
        }

        ImageRecord reactivated = await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Status = ImageStatus.Active });

        deactivated.Status.Should().Be(ImageStatus.Deactivated);
        reactivated.Status.Should().Be(ImageStatus.Active);
    }

    [TestCase(ImageStatus.Deleted)]
    [TestCase(ImageStatus.Saving)]
    [TestCase(ImageStatus.Queued)]
    [TestCase(ImageStatus.Killed)]
    public async Task UpdateAsync_StatusAnUpdateMayNotSet_ThrowsNamingStatus(ImageStatus status)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        Func<Task> update = async () => await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Status = status });

        (await update.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("status");
        (await backend.GetAsync(Owner, image.Id)).Status.Should().Be(ImageStatus.Active);
    }

    [Test]
    public async Task UpdateAsync_DisallowedFormatOrNegativeMinimum_ThrowsNamingTheField()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutWithPropertiesAsync(backend);

        Func<Task> format = async () => await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { ContainerFormat = "tar" });
        Func<Task> minRam = async () => await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { MinRam = -5 });

        (await format.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("container_format");
        (await minRam.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("min_ram");
    }

    [Test]
    public async Task UpdateAsync_MergeBeyondMaxProperties_ThrowsNamingProperties()
    {
        IImageBackend backend = await NewBackendAsync(new PlanktonImageOptions { MaxProperties = 3 });
        ImageRecord image = await PutWithPropertiesAsync(backend);

        Func<Task> update = async () => await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Properties = new Dictionary<string, string> { ["more"] = "x" } });

        (await update.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("properties");
    }

    // ---- delete and unregister -------------------------------------------------------------------------------

    [Test]
    public async Task DeleteAsync_Protected_IsRefusedAndKeepsTheImage()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 20)), new ImageCreateRequest { Name = "keep", Protected = true });

        Func<Task> delete = async () => await backend.DeleteAsync(Owner, image.Id);
        Func<Task> unregister = async () => await backend.UnregisterAsync(Owner, image.Id);

        await delete.Should().ThrowAsync<ImageConflictException>();
        await unregister.Should().ThrowAsync<ImageConflictException>();
        (await backend.GetAsync(Owner, image.Id)).Should().Be(image);
    }

    [Test]
    public async Task DeleteAsync_Unprotected_MarksDeletedWithDeletedAt()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 21)), new ImageCreateRequest { Name = "old" });
        Time.Advance(TimeSpan.FromDays(2));
        DateTimeOffset deletedAt = Time.GetUtcNow();

        ImageRecord deleted = await backend.DeleteAsync(Owner, image.Id);
        Time.Advance(TimeSpan.FromDays(1));
        ImageRecord again = await backend.DeleteAsync(Owner, image.Id);

        deleted.Status.Should().Be(ImageStatus.Deleted);
        deleted.DeletedAt.Should().Be(deletedAt);
        deleted.UpdatedAt.Should().Be(deletedAt);
        deleted.CreatedAt.Should().Be(image.CreatedAt);
        again.Should().Be(deleted, "deleting a deleted image changes nothing");
        (await backend.GetAsync(Owner, image.Id)).Should().Be(deleted);
    }

    [Test]
    public async Task DeleteAsync_ThenReadOrUpdate_IsRefusedAsConflict()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 22)), new ImageCreateRequest { Name = "gone" });
        await backend.DeleteAsync(Owner, image.Id);

        Func<Task> read = async () => await backend.OpenReadAsync(Owner, image.Id);
        Func<Task> update = async () => await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Name = "back" });

        await read.Should().ThrowAsync<ImageConflictException>();
        await update.Should().ThrowAsync<ImageConflictException>();
    }

    [Test]
    public async Task UnregisterAsync_DropsTheImageAndKeepsTheObjectReadable()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((2 * BlockSize) + 9, seed: 23);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "kept" });

        await backend.UnregisterAsync(Owner, image.Id);

        Func<Task> get = async () => await backend.GetAsync(Owner, image.Id);
        await get.Should().ThrowAsync<ImageNotFoundException>();
        (await ReadObjectAsync(ImagePath("kept"))).Should().Equal(data);
        ImageRecord again = await backend.RegisterAsync(Owner, image.Location, new ImageCreateRequest { Name = "kept again" });
        again.Id.Should().Be(image.Id, "the image id is the object's uuid, which unregistering keeps");
    }

    // ---- read ------------------------------------------------------------------------------------------------

    [Test]
    public async Task OpenReadAsync_WholeImage_ReturnsTheBytesThroughASeekableReadOnlyStream()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((5 * BlockSize) + 321, seed: 24);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "read" });

        await using Stream stream = await backend.OpenReadAsync(Owner, image.Id);

        stream.CanRead.Should().BeTrue();
        stream.CanSeek.Should().BeTrue();
        stream.CanWrite.Should().BeFalse();
        stream.Length.Should().Be(data.Length);
        (await ReadAllAsync(stream)).Should().Equal(data);
        stream.Seek(BlockSize - 3, SeekOrigin.Begin);
        var buffer = new byte[10];
        await stream.ReadExactlyAsync(buffer);
        buffer.Should().Equal(data.AsSpan(BlockSize - 3, 10).ToArray());
    }

    [TestCase(0L, 10L)]
    [TestCase(4090L, 20L)]
    [TestCase(8192L, null)]
    [TestCase(20000L, 100000L)]
    [TestCase(20800L, null)]
    public async Task OpenReadAsync_Range_ReturnsThoseBytes(long offset, long? length)
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(20800, seed: 25);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "range" });

        await using Stream stream = await backend.OpenReadAsync(Owner, image.Id, offset, length);

        long end = Math.Min(data.Length, offset + (length ?? data.Length));
        (await ReadAllAsync(stream)).Should().Equal(data[(int)offset..(int)end]);
    }

    [Test]
    public async Task OpenReadAsync_SparseData_RoundTripsZerosAndTheChecksum()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = new byte[(6 * BlockSize) + 100];
        Data(BlockSize, seed: 26).CopyTo(data, 0);
        Data(50, seed: 27).CopyTo(data, (4 * BlockSize) + 10);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "sparse" });

        await using Stream stream = await backend.OpenReadAsync(Owner, image.Id);

        image.Checksum.Should().Be(await TopHashAsync(data));
        (await ReadAllAsync(stream)).Should().Equal(data);
    }

    [TestCase(-1L, null)]
    [TestCase(101L, null)]
    [TestCase(0L, -1L)]
    public async Task OpenReadAsync_RangeOutside_ThrowsArgumentOutOfRange(long offset, long? length)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(100, seed: 28)), new ImageCreateRequest { Name = "small" });

        Func<Task> open = async () => await backend.OpenReadAsync(Owner, image.Id, offset, length);

        await open.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    // ---- access and not found --------------------------------------------------------------------------------

    public static IEnumerable<string> Operations() => ["get", "update", "delete", "unregister", "read"];

    [TestCaseSource(nameof(Operations))]
    public async Task AnyOperation_ByAStrangerOnAPrivateImage_ThrowsImageNotFoundAndChangesNothing(string operation)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 29)), new ImageCreateRequest { Name = "private" });

        Func<Task> act = () => RunAsync(backend, operation, Stranger, image.Id);

        (await act.Should().ThrowAsync<ImageNotFoundException>("ids of private images do not leak")).Which.ImageId.Should().Be(image.Id);
        (await backend.GetAsync(Owner, image.Id)).Should().Be(image);
    }

    [TestCase(ImageVisibility.Public)]
    [TestCase(ImageVisibility.Community)]
    public async Task GetAndOpenReadAsync_ByAStrangerOnAPublicOrCommunityImage_Succeed(ImageVisibility visibility)
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(BlockSize + 3, seed: 50);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "open", Visibility = visibility });

        ImageRecord got = await backend.GetAsync(Stranger, image.Id);
        await using Stream stream = await backend.OpenReadAsync(Stranger, image.Id);

        got.Should().Be(image);
        (await ReadAllAsync(stream)).Should().Equal(data);
    }

    [TestCase("update")]
    [TestCase("delete")]
    [TestCase("unregister")]
    [TestCase("add-member")]
    [TestCase("replace-members")]
    [TestCase("remove-member")]
    public async Task OwnerOnlyOperation_ByAStrangerOnAPublicImage_ThrowsNotAllowedAndChangesNothing(string operation)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 51)), new ImageCreateRequest { Name = "public", Visibility = ImageVisibility.Public });

        Func<Task> act = () => RunOwnerOperationAsync(backend, operation, Stranger, image.Id);

        await act.Should().ThrowAsync<NotAllowedException>();
        (await backend.GetAsync(Owner, image.Id)).Should().Be(image);
    }

    [TestCase("update")]
    [TestCase("delete")]
    [TestCase("unregister")]
    [TestCase("add-member")]
    [TestCase("replace-members")]
    [TestCase("remove-member")]
    public async Task OwnerOnlyOperation_ByAMember_ThrowsNotAllowedAndChangesNothing(string operation)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "shared", Member);
        await backend.AcceptMemberAsync(Member, image.Id);
        ImageRecord before = await backend.GetAsync(Owner, image.Id);

        Func<Task> act = () => RunOwnerOperationAsync(backend, operation, Member, image.Id);

        await act.Should().ThrowAsync<NotAllowedException>();
        (await backend.GetAsync(Owner, image.Id)).Should().Be(before);
        (await backend.ListMembersAsync(Owner, image.Id)).Should().ContainSingle().Which.Status.Should().Be(ImageMemberStatus.Accepted);
    }

    [Test]
    public async Task OpenReadAsync_DeactivatedPublicImageByAStranger_ThrowsConflictButTheOwnerReads()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 52)), new ImageCreateRequest { Name = "off", Visibility = ImageVisibility.Public });
        await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Status = ImageStatus.Deactivated });

        Func<Task> stranger = async () => await backend.OpenReadAsync(Stranger, image.Id);

        await stranger.Should().ThrowAsync<ImageConflictException>();
        await using Stream stream = await backend.OpenReadAsync(Owner, image.Id);
        (await ReadAllAsync(stream)).Should().HaveCount(10);
    }

    // ---- members ---------------------------------------------------------------------------------------------

    [Test]
    public async Task AddMemberAsync_SharedImage_MemberIsPendingAndCanReadButStrangerCannot()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data(BlockSize * 2, seed: 53);
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "s", Visibility = ImageVisibility.Shared });

        ImageMember added = await backend.AddMemberAsync(Owner, image.Id, Member);

        added.Should().Be(new ImageMember(image.Id, Member, ImageMemberStatus.Pending));
        (await backend.GetAsync(Member, image.Id)).Should().Be(image, "member changes leave the image record as it was");
        await using (Stream stream = await backend.OpenReadAsync(Member, image.Id))
        {
            (await ReadAllAsync(stream)).Should().Equal(data);
        }

        Func<Task> stranger = async () => await backend.GetAsync(Stranger, image.Id);
        await stranger.Should().ThrowAsync<ImageNotFoundException>();
    }

    [Test]
    public async Task AcceptAndRejectMemberAsync_ByTheMember_ChangeTheStatusAndKeepReadAccess()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member, OtherMember);

        ImageMember accepted = await backend.AcceptMemberAsync(Member, image.Id);
        ImageMember rejected = await backend.RejectMemberAsync(OtherMember, image.Id);

        accepted.Status.Should().Be(ImageMemberStatus.Accepted);
        rejected.Status.Should().Be(ImageMemberStatus.Rejected);
        (await backend.ListMembersAsync(Owner, image.Id)).Should().Equal(
            new ImageMember(image.Id, Member, ImageMemberStatus.Accepted),
            new ImageMember(image.Id, OtherMember, ImageMemberStatus.Rejected));
        (await backend.ListMembersAsync(OtherMember, image.Id)).Should().Equal(new ImageMember(image.Id, OtherMember, ImageMemberStatus.Rejected));
        (await backend.GetAsync(OtherMember, image.Id)).Id.Should().Be(image.Id, "a rejected member can still read the image by id");
    }

    [Test]
    public async Task AcceptMemberAsync_ByTheOwnerOrAStranger_ThrowsNotAllowedOrNotFound()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member);

        Func<Task> owner = async () => await backend.AcceptMemberAsync(Owner, image.Id);
        Func<Task> stranger = async () => await backend.RejectMemberAsync(Stranger, image.Id);

        await owner.Should().ThrowAsync<NotAllowedException>("only the member answers");
        await stranger.Should().ThrowAsync<ImageNotFoundException>();
        (await backend.ListMembersAsync(Owner, image.Id)).Should().ContainSingle().Which.Status.Should().Be(ImageMemberStatus.Pending);
    }

    [Test]
    public async Task RemoveMemberAsync_Member_LosesAccess()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member);
        await backend.AcceptMemberAsync(Member, image.Id);

        bool removed = await backend.RemoveMemberAsync(Owner, image.Id, Member);
        bool again = await backend.RemoveMemberAsync(Owner, image.Id, Member);

        removed.Should().BeTrue();
        again.Should().BeFalse();
        (await backend.ListMembersAsync(Owner, image.Id)).Should().BeEmpty();
        Func<Task> get = async () => await backend.GetAsync(Member, image.Id);
        Func<Task> read = async () => await backend.OpenReadAsync(Member, image.Id);
        await get.Should().ThrowAsync<ImageNotFoundException>();
        await read.Should().ThrowAsync<ImageNotFoundException>();
    }

    [Test]
    public async Task ReplaceMembersAsync_KeepsStatusesOfMembersKeptAndRevokesTheOthers()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member, OtherMember);
        await backend.AcceptMemberAsync(Member, image.Id);

        IReadOnlyList<ImageMember> members = await backend.ReplaceMembersAsync(Owner, image.Id, [Member, "carol", Member]);

        members.Should().Equal(
            new ImageMember(image.Id, Member, ImageMemberStatus.Accepted),
            new ImageMember(image.Id, "carol", ImageMemberStatus.Pending));
        (await backend.GetAsync("carol", image.Id)).Id.Should().Be(image.Id);
        Func<Task> revoked = async () => await backend.GetAsync(OtherMember, image.Id);
        await revoked.Should().ThrowAsync<ImageNotFoundException>();
    }

    [Test]
    public async Task AddAndReplaceMembers_OverMaxMembers_ThrowValidationNamingMembersAndChangeNothing()
    {
        IImageBackend backend = await NewBackendAsync(new PlanktonImageOptions { MaxMembers = 2 });
        ImageRecord image = await PutSharedAsync(backend, "s", Member, OtherMember);

        Func<Task> add = async () => await backend.AddMemberAsync(Owner, image.Id, "carol");
        Func<Task> replace = async () => await backend.ReplaceMembersAsync(Owner, image.Id, [Member, "carol", "dave"]);

        (await add.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("members");
        (await replace.Should().ThrowAsync<ImageValidationException>()).WithMessage("*at most 2 members (got 3)*");
        (await backend.ListMembersAsync(Owner, image.Id)).Select(m => m.MemberId).Should().Equal(Member, OtherMember);
        IReadOnlyList<ImageMember> kept = await backend.ReplaceMembersAsync(Owner, image.Id, [Member, "carol", Member]);
        kept.Select(m => m.MemberId).Should().Equal(Member, "carol");
        Func<Task> dropped = async () => await backend.GetAsync(OtherMember, image.Id);
        await dropped.Should().ThrowAsync<ImageNotFoundException>("only the accepted replacement changed the members");
    }

    [Test]
    public async Task AddMemberAsync_NotSharedOrDuplicate_ThrowsConflict()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord priv = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 54)), new ImageCreateRequest { Name = "p" });
        ImageRecord shared = await PutSharedAsync(backend, "s", Member);

        Func<Task> notShared = async () => await backend.AddMemberAsync(Owner, priv.Id, Member);
        Func<Task> duplicate = async () => await backend.AddMemberAsync(Owner, shared.Id, Member);

        await notShared.Should().ThrowAsync<ImageConflictException>();
        await duplicate.Should().ThrowAsync<ImageConflictException>();
    }

    [TestCase(Owner)]
    [TestCase("*")]
    [TestCase("alice:group")]
    [TestCase("bad\0user")]
    public async Task AddMemberAsync_InvalidMember_ThrowsNamingMember(string memberId)
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s");

        Func<Task> add = async () => await backend.AddMemberAsync(Owner, image.Id, memberId);

        (await add.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("member");
        (await backend.ListMembersAsync(Owner, image.Id)).Should().BeEmpty();
    }

    [Test]
    public async Task UpdateAsync_SharedToPrivate_MembersKeptButLoseAccessUntilSharedAgain()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member);

        await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Visibility = ImageVisibility.Private });
        Func<Task> hidden = async () => await backend.GetAsync(Member, image.Id);
        await hidden.Should().ThrowAsync<ImageNotFoundException>();
        await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Visibility = ImageVisibility.Shared });

        (await backend.GetAsync(Member, image.Id)).Visibility.Should().Be(ImageVisibility.Shared);
        (await backend.ListMembersAsync(Owner, image.Id)).Should().ContainSingle().Which.MemberId.Should().Be(Member);
    }

    [Test]
    public async Task UnregisterAsync_SharedImage_MemberNoLongerSeesIt()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member);

        await backend.UnregisterAsync(Owner, image.Id);

        Func<Task> get = async () => await backend.GetAsync(Member, image.Id);
        await get.Should().ThrowAsync<ImageNotFoundException>();
    }

    [Test]
    public async Task RegisterAsync_SharedImageAgain_KeepsMembersAndTheirStatus()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member);
        await backend.AcceptMemberAsync(Member, image.Id);

        ImageRecord again = await backend.RegisterAsync(Owner, image.Location, new ImageCreateRequest { Name = "again", Visibility = ImageVisibility.Shared });

        again.Id.Should().Be(image.Id);
        (await backend.ListMembersAsync(Owner, image.Id)).Should().Equal(new ImageMember(image.Id, Member, ImageMemberStatus.Accepted));
        (await backend.GetAsync(Member, image.Id)).Name.Should().Be("again");
    }

    [Test]
    public async Task UpdateAsync_ByTheOwner_KeepsMembers()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await PutSharedAsync(backend, "s", Member);
        await backend.RejectMemberAsync(Member, image.Id);

        await backend.UpdateAsync(Owner, image.Id, new ImageUpdate { Name = "renamed" });

        (await backend.ListMembersAsync(Owner, image.Id)).Should().Equal(new ImageMember(image.Id, Member, ImageMemberStatus.Rejected));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task AnyOperation_UnknownId_ThrowsImageNotFound(string operation)
    {
        IImageBackend backend = await NewBackendAsync();
        await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 30)), new ImageCreateRequest { Name = "other" });
        var unknown = Guid.NewGuid();

        Func<Task> act = () => RunAsync(backend, operation, Owner, unknown);

        (await act.Should().ThrowAsync<ImageNotFoundException>()).Which.ImageId.Should().Be(unknown);
    }

    [TestCaseSource(nameof(Operations))]
    public async Task AnyOperation_ObjectThatIsNotAnImage_ThrowsImageNotFound(string operation)
    {
        IImageBackend backend = await NewBackendAsync();
        Guid uuid = await WriteObjectAsync(ImagePath("plain"), Data(10, seed: 31));

        Func<Task> act = () => RunAsync(backend, operation, Owner, uuid);

        await act.Should().ThrowAsync<ImageNotFoundException>();
    }

    [Test]
    public async Task GetAsync_InvalidUserId_ThrowsInvalidObjectName()
    {
        IImageBackend backend = await NewBackendAsync();

        Func<Task> get = async () => await backend.GetAsync("bad\0user", Guid.NewGuid());

        await get.Should().ThrowAsync<InvalidObjectNameException>();
    }

    // ---- listing ---------------------------------------------------------------------------------------------

    [Test]
    public async Task ListAsync_ForOwnerMemberAndStranger_ListsWhatEachMaySee()
    {
        IImageBackend backend = await NewBackendAsync();
        (ImageRecord priv, ImageRecord pub, ImageRecord shared, ImageRecord community, ImageRecord strangerPrivate, ImageRecord strangerPublic) = await PutVisibilityCatalogueAsync(backend);

        (await ListIdsAsync(backend, Owner)).Should().BeEquivalentTo([priv.Id, pub.Id, shared.Id, community.Id, strangerPublic.Id]);
        (await ListIdsAsync(backend, Stranger)).Should().BeEquivalentTo([strangerPrivate.Id, strangerPublic.Id, pub.Id]);
        (await ListIdsAsync(backend, Member)).Should().BeEquivalentTo([pub.Id, strangerPublic.Id], "a pending member does not list the image by default");
        (await ListIdsAsync(backend, Member, new ImageListQuery { MemberStatus = "pending" })).Should().BeEquivalentTo([pub.Id, strangerPublic.Id, shared.Id]);
        (await ListIdsAsync(backend, Member, new ImageListQuery { Visibility = ImageVisibility.Community })).Should().Equal(community.Id);

        await backend.AcceptMemberAsync(Member, shared.Id);
        (await ListIdsAsync(backend, Member)).Should().BeEquivalentTo([pub.Id, strangerPublic.Id, shared.Id]);
        await backend.RejectMemberAsync(Member, shared.Id);
        (await ListIdsAsync(backend, Member)).Should().BeEquivalentTo([pub.Id, strangerPublic.Id]);
        (await ListIdsAsync(backend, Member, new ImageListQuery { MemberStatus = "rejected" })).Should().Contain(shared.Id);
    }

    [Test]
    public async Task ListPublicAndListSharedAsync_ListTheirSideOnly()
    {
        IImageBackend backend = await NewBackendAsync();
        (_, ImageRecord pub, ImageRecord shared, _, _, ImageRecord strangerPublic) = await PutVisibilityCatalogueAsync(backend);

        (await backend.ListPublicAsync(Member)).Images.Select(i => i.Id).Should().BeEquivalentTo([pub.Id, strangerPublic.Id]);
        (await backend.ListSharedAsync(Owner, ImageShareDirection.SharedByMe)).Images.Select(i => i.Id).Should().Equal(shared.Id);
        (await backend.ListSharedAsync(Member, ImageShareDirection.SharedWithMe)).Images.Select(i => i.Id).Should().Equal(shared.Id);
        (await backend.ListSharedAsync(Member, ImageShareDirection.SharedWithMe, new ImageListQuery { MemberStatus = "accepted" })).Images.Should().BeEmpty();
        (await backend.ListSharedAsync(Owner, ImageShareDirection.SharedWithMe)).Images.Should().BeEmpty();
        (await backend.ListSharedAsync(Stranger, ImageShareDirection.SharedByMe)).Images.Should().BeEmpty();
    }

    [Test]
    public async Task ListAsync_AfterUnregisterOrRemovingTheMember_NoLongerListsTheImage()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord shared = await PutSharedAsync(backend, "s", Member);
        ImageRecord pub = await backend.PutAsync(Owner, new MemoryStream(Data(5, seed: 60)), new ImageCreateRequest { Name = "p", Visibility = ImageVisibility.Public });
        await backend.AcceptMemberAsync(Member, shared.Id);

        await backend.RemoveMemberAsync(Owner, shared.Id, Member);
        await backend.UnregisterAsync(Owner, pub.Id);

        (await ListIdsAsync(backend, Member)).Should().BeEmpty();
        (await backend.ListPublicAsync(Stranger)).Images.Should().BeEmpty();
    }

    public static IEnumerable<TestCaseData> Filters()
    {
        yield return Filter("name", q => q.Name = "alpha", "alpha");
        yield return Filter("name in", q => q.Name = "in:alpha,\"gamma\"", "alpha", "gamma");
        yield return Filter("status", q => q.Status = "deactivated", "gamma");
        yield return Filter("status in with deleted", q => q.Status = "in:active,deleted", "alpha", "beta", "delta");
        yield return Filter("disk_format", q => q.DiskFormat = "extdump", "beta");
        yield return Filter("container_format in", q => q.ContainerFormat = "in:bare,aki", "alpha", "gamma");
        yield return Filter("size range inclusive", q => (q.SizeMin, q.SizeMax) = (20, 30), "beta", "gamma");
        yield return Filter("size_min only", q => q.SizeMin = 21, "gamma");
        yield return Filter("owner", q => q.Owner = Owner, "alpha", "beta", "gamma");
        yield return Filter("other owner", q => q.Owner = Stranger);
        yield return Filter("visibility", q => q.Visibility = ImageVisibility.Public, "beta");
        yield return Filter("one tag", q => q.Tags = ["x"], "alpha", "beta");
        yield return Filter("all tags", q => q.Tags = ["x", "y"], "beta");
        yield return Filter("property", q => q.Properties = new Dictionary<string, string> { ["os"] = "debian" }, "alpha");
        yield return Filter("created_at gte", q => q.CreatedAt = "gte:2026-03-01T08:31:00Z", "beta", "gamma");
        yield return Filter("created_at lt", q => q.CreatedAt = "lt:2026-03-01T08:31:00Z", "alpha");
        yield return Filter("created_at eq", q => q.CreatedAt = "2026-03-01T08:32:00Z", "gamma");
        yield return Filter("created_at neq", q => q.CreatedAt = "neq:2026-03-01T08:32:00Z", "alpha", "beta");
        yield return Filter("updated_at gt", q => q.UpdatedAt = "gt:2026-03-01T08:32:00Z", "gamma");
        yield return Filter("updated_at lte", q => q.UpdatedAt = "lte:2026-03-01T08:31:00Z", "alpha", "beta");
        yield return Filter("two filters", q => (q.ContainerFormat, q.SizeMax) = ("bare", 10), "alpha");

        static TestCaseData Filter(string name, Action<ImageListQuery> set, params string[] expected) =>
            new TestCaseData(set, expected).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(Filters))]
    public async Task ListAsync_Filter_ListsExactlyTheMatchingImages(Action<ImageListQuery> set, string[] expected)
    {
        IImageBackend backend = await NewBackendAsync();
        await PutFilterCatalogueAsync(backend);
        var query = new ImageListQuery();
        set(query);

        ImageListPage page = await backend.ListAsync(Owner, query);

        page.Images.Select(i => i.Name).Should().BeEquivalentTo(expected);
        page.NextMarker.Should().BeNull();
    }

    [TestCase(null, new[] { "gamma", "beta", "alpha" })]
    [TestCase("name:asc", new[] { "alpha", "beta", "gamma" })]
    [TestCase("name:desc", new[] { "gamma", "beta", "alpha" })]
    [TestCase("name", new[] { "gamma", "beta", "alpha" })]
    [TestCase("size:asc", new[] { "alpha", "beta", "gamma" })]
    [TestCase("size:desc", new[] { "gamma", "beta", "alpha" })]
    [TestCase("status:asc,name:desc", new[] { "beta", "alpha", "gamma" })]
    [TestCase("disk_format:asc", new[] { "alpha", "beta", "gamma" })]
    [TestCase("container_format:desc,name:asc", new[] { "beta", "alpha", "gamma" })]
    [TestCase("created_at:asc", new[] { "alpha", "beta", "gamma" })]
    [TestCase("updated_at:desc", new[] { "gamma", "beta", "alpha" })]
    public async Task ListAsync_SortKeys_OrdersAsAsked(string? sort, string[] expected)
    {
        IImageBackend backend = await NewBackendAsync();
        await PutFilterCatalogueAsync(backend);

        ImageListPage page = await backend.ListAsync(Owner, new ImageListQuery { Sort = sort });

        page.Images.Select(i => i.Name).Should().Equal(expected);
    }

    [TestCase("asc")]
    [TestCase("desc")]
    public async Task ListAsync_EqualSortValues_BreaksTiesById(string direction)
    {
        IImageBackend backend = await NewBackendAsync();
        var ids = new List<Guid>();
        for (int i = 0; i < 5; i++)
        {
            ids.Add((await backend.PutAsync(Owner, new MemoryStream(Data(8, seed: i)), new ImageCreateRequest { Name = "same-" + i, DiskFormat = "diskdump" })).Id);
        }

        ImageListPage page = await backend.ListAsync(Owner, new ImageListQuery { Sort = "disk_format:" + direction + ",created_at:" + direction });

        IEnumerable<Guid> expected = direction == "asc" ? ids.Order() : ids.OrderDescending();
        page.Images.Select(i => i.Id).Should().Equal(expected);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(7)]
    public async Task ListAsync_PagingWithMarker_ReturnsEveryVisibleImageExactlyOnce(int limit)
    {
        IImageBackend backend = await NewBackendAsync();
        await PutVisibilityCatalogueAsync(backend);
        for (int i = 0; i < 4; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(i % 2));
            await backend.PutAsync(Owner, new MemoryStream(Data(i + 1, seed: 70 + i)), new ImageCreateRequest { Name = "n" + (i % 2), FileName = "file-" + i });
        }

        List<Guid> all = [.. (await backend.ListAsync(Owner, new ImageListQuery { Sort = "name:asc", Limit = ImageConstants.MaxListLimit })).Images.Select(i => i.Id)];
        var paged = new List<Guid>();
        Guid? marker = null;
        int pages = 0;
        do
        {
            ImageListPage page = await backend.ListAsync(Owner, new ImageListQuery { Sort = "name:asc", Limit = limit, Marker = marker });
            page.Images.Should().HaveCountLessThanOrEqualTo(limit);
            paged.AddRange(page.Images.Select(i => i.Id));
            marker = page.NextMarker;
            pages++;
        }
        while (marker is not null && pages < 50);

        all.Should().HaveCount(9);
        paged.Should().Equal(all);
        pages.Should().Be((all.Count + limit - 1) / limit);
    }

    [TestCase("sort_key", "bogus:asc")]
    [TestCase("sort_key", "checksum")]
    [TestCase("sort_key", "name,name")]
    [TestCase("sort_dir", "name:up")]
    [TestCase("limit", "0")]
    [TestCase("limit", "1001")]
    [TestCase("status", "in:active,bogus")]
    [TestCase("name", "in:a,,b")]
    [TestCase("created_at", "gt:not-a-time")]
    [TestCase("updated_at", "")]
    [TestCase("size_min", "-1")]
    [TestCase("size_max", "-1")]
    [TestCase("member_status", "maybe")]
    [TestCase("owner", "bad\0owner")]
    public async Task ListAsync_InvalidParameter_ThrowsNamingIt(string field, string value)
    {
        IImageBackend backend = await NewBackendAsync();
        var query = new ImageListQuery();
        switch (field)
        {
            case "sort_key" or "sort_dir": query.Sort = value; break;
            case "limit": query.Limit = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "status": query.Status = value; break;
            case "name": query.Name = value; break;
            case "created_at": query.CreatedAt = value; break;
            case "updated_at": query.UpdatedAt = value; break;
            case "size_min": query.SizeMin = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "size_max": query.SizeMax = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "member_status": query.MemberStatus = value; break;
            default: query.Owner = value; break;
        }

        Func<Task> list = async () => await backend.ListAsync(Owner, query);
        Func<Task> listPublic = async () => await backend.ListPublicAsync(Owner, query);

        (await list.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be(field);
        (await listPublic.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be(field);
    }

    [Test]
    public async Task ListAsync_UnknownOrInvisibleMarker_ThrowsNamingMarker()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord hidden = await backend.PutAsync(Stranger, new MemoryStream(Data(5, seed: 80)), new ImageCreateRequest { Name = "hidden" });

        Func<Task> unknown = async () => await backend.ListAsync(Owner, new ImageListQuery { Marker = Guid.NewGuid() });
        Func<Task> invisible = async () => await backend.ListAsync(Owner, new ImageListQuery { Marker = hidden.Id });

        (await unknown.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("marker");
        (await invisible.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("marker");
    }

    [Test]
    public async Task ListSharedAsync_UndefinedDirection_ThrowsArgumentOutOfRange()
    {
        IImageBackend backend = await NewBackendAsync();

        Func<Task> list = async () => await backend.ListSharedAsync(Owner, (ImageShareDirection)7);

        await list.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    protected static byte[] Data(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static ObjectPath ImagePath(string name) => new(Owner, ImageConstants.DefaultContainer, name);

    private static async Task<string> TopHashAsync(byte[] data) =>
        (await PithosStreamHasher.HashAsync(new MemoryStream(data), BlockSize)).TopHash.ToString();

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static async Task RunAsync(IImageBackend backend, string operation, string userId, Guid id)
    {
        switch (operation)
        {
            case "get":
                await backend.GetAsync(userId, id);
                break;
            case "update":
                await backend.UpdateAsync(userId, id, new ImageUpdate { Name = "stolen" });
                break;
            case "delete":
                await backend.DeleteAsync(userId, id);
                break;
            case "unregister":
                await backend.UnregisterAsync(userId, id);
                break;
            default:
                await using (Stream stream = await backend.OpenReadAsync(userId, id))
                {
                    await ReadAllAsync(stream);
                }

                break;
        }
    }

    private static async Task RunOwnerOperationAsync(IImageBackend backend, string operation, string userId, Guid id)
    {
        switch (operation)
        {
            case "add-member":
                await backend.AddMemberAsync(userId, id, "carol");
                break;
            case "replace-members":
                await backend.ReplaceMembersAsync(userId, id, ["carol"]);
                break;
            case "remove-member":
                await backend.RemoveMemberAsync(userId, id, Member);
                break;
            default:
                await RunAsync(backend, operation, userId, id);
                break;
        }
    }

    protected static async Task<ImageRecord> PutSharedAsync(IImageBackend backend, string name, params string[] members)
    {
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(BlockSize + 1, seed: name.Length)), new ImageCreateRequest { Name = name, Visibility = ImageVisibility.Shared });
        foreach (string member in members)
        {
            await backend.AddMemberAsync(Owner, image.Id, member);
        }

        return image;
    }

    private static async Task<List<Guid>> ListIdsAsync(IImageBackend backend, string userId, ImageListQuery? query = null) =>
        [.. (await backend.ListAsync(userId, query)).Images.Select(i => i.Id)];

    /// <summary>Alice: private, public, shared with bob (pending), community; mallory: private, public.</summary>
    private static async Task<(ImageRecord Private, ImageRecord Public, ImageRecord Shared, ImageRecord Community, ImageRecord StrangerPrivate, ImageRecord StrangerPublic)> PutVisibilityCatalogueAsync(IImageBackend backend)
    {
        async Task<ImageRecord> PutAsync(string owner, string name, ImageVisibility visibility) =>
            await backend.PutAsync(owner, new MemoryStream(Data(7, seed: name.Length)), new ImageCreateRequest { Name = name, Visibility = visibility });

        ImageRecord priv = await PutAsync(Owner, "a-private", ImageVisibility.Private);
        ImageRecord pub = await PutAsync(Owner, "a-public", ImageVisibility.Public);
        ImageRecord shared = await PutAsync(Owner, "a-shared", ImageVisibility.Shared);
        await backend.AddMemberAsync(Owner, shared.Id, Member);
        ImageRecord community = await PutAsync(Owner, "a-community", ImageVisibility.Community);
        ImageRecord strangerPrivate = await PutAsync(Stranger, "m-private", ImageVisibility.Private);
        ImageRecord strangerPublic = await PutAsync(Stranger, "m-public", ImageVisibility.Public);
        return (priv, pub, shared, community, strangerPrivate, strangerPublic);
    }

    /// <summary>
    /// alpha (10 B, diskdump/bare, tag x, os=debian, 08:30), beta (20 B, extdump/ovf, tags x y, os=ubuntu, public,
    /// 08:31), gamma (30 B, ntfsdump/bare, 08:32, deactivated at 08:33), delta (40 B, deleted at 08:34), and a
    /// stranger's private image.
    /// </summary>
    private async Task PutFilterCatalogueAsync(IImageBackend backend)
    {
        await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 1)), new ImageCreateRequest
        {
            Name = "alpha",
            Tags = ["x"],
            Properties = new Dictionary<string, string> { ["os"] = "debian" },
        });
        Time.Advance(TimeSpan.FromMinutes(1));
        await backend.PutAsync(Owner, new MemoryStream(Data(20, seed: 2)), new ImageCreateRequest
        {
            Name = "beta",
            DiskFormat = "extdump",
            ContainerFormat = "ovf",
            Visibility = ImageVisibility.Public,
            Tags = ["x", "y"],
            Properties = new Dictionary<string, string> { ["os"] = "ubuntu" },
        });
        Time.Advance(TimeSpan.FromMinutes(1));
        ImageRecord gamma = await backend.PutAsync(Owner, new MemoryStream(Data(30, seed: 3)), new ImageCreateRequest { Name = "gamma", DiskFormat = "ntfsdump" });
        Time.Advance(TimeSpan.FromMinutes(1));
        await backend.UpdateAsync(Owner, gamma.Id, new ImageUpdate { Status = ImageStatus.Deactivated });
        Time.Advance(TimeSpan.FromMinutes(1));
        ImageRecord delta = await backend.PutAsync(Owner, new MemoryStream(Data(40, seed: 4)), new ImageCreateRequest { Name = "delta" });
        await backend.DeleteAsync(Owner, delta.Id);
        await backend.PutAsync(Stranger, new MemoryStream(Data(20, seed: 5)), new ImageCreateRequest { Name = "alpha" });
    }

    private async Task<IImageBackend> NewBackendAsync(PlanktonImageOptions? options = null) => await CreateBackendAsync(Time, options);

    /// <summary>Writes an object as its account's owner, making the account and container when missing (for the Pithos fixtures' <see cref="WriteObjectAsync"/>).</summary>
    protected static async ValueTask<Guid> WriteObjectThroughAsync(IObjectStore store, ObjectPath path, byte[] data)
    {
        await store.EnsureAccountAsync(path.Account, path.Account);
        await store.EnsureContainerAsync(path.Account, path.Account, path.Container);
        return (await store.WriteAsync(path.Account, path, new MemoryStream(data))).Info.Uuid;
    }

    /// <summary>Reads an object as its account's owner; <see langword="null"/> when it does not exist (for the Pithos fixtures' <see cref="ReadObjectAsync"/>).</summary>
    protected static async ValueTask<byte[]?> ReadObjectThroughAsync(IObjectStore store, ObjectPath path)
    {
        try
        {
            await using Stream stream = await store.OpenReadAsync(path.Account, path);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            return copy.ToArray();
        }
        catch (ObjectNotFoundException)
        {
            return null;
        }
    }

    private static async Task<ImageRecord> PutWithPropertiesAsync(IImageBackend backend) =>
        await backend.PutAsync(Owner, new MemoryStream(Data(BlockSize + 7, seed: 40)), new ImageCreateRequest
        {
            Name = "props",
            Properties = new Dictionary<string, string> { ["os"] = "debian", ["gui"] = "no", ["users"] = "root" },
        });

    private async Task ShouldHaveNoObjectAsync(string name) =>
        (await ReadObjectAsync(ImagePath(name))).Should().BeNull("a failed upload leaves no object and no image behind");
}
