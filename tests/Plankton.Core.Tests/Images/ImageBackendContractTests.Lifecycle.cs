using Plankton.Core.Exceptions;
using Plankton.Core.Images;

namespace Plankton.Core.Tests.Images;

/// <summary>The contract of clones, versions, deactivate/reactivate and the anonymous user.</summary>
public abstract partial class ImageBackendContractTests
{
    // ---- upload counts ---------------------------------------------------------------------------------------

    [Test]
    public async Task UploadAsync_ReportsNewBytesThenDeduplicatedBytesForTheSameData()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((3 * BlockSize) + 7, seed: 90);

        ImageUploadResult first = await backend.UploadAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "one" });
        ImageUploadResult second = await backend.UploadAsync(Stranger, new MemoryStream(data), new ImageCreateRequest { Name = "two" });

        first.Should().Be(new ImageUploadResult(first.Image, 4, data.Length, 0, 0));
        first.Image.Should().Be(await backend.GetAsync(Owner, first.Image.Id));
        second.Should().Be(new ImageUploadResult(second.Image, 0, 0, 4, data.Length));
        second.Image.Checksum.Should().Be(first.Image.Checksum);
    }

    [Test]
    public async Task UploadAsync_AllZeroBlocksAndEmptyData_CountAsDeduplicatedAndNothing()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = new byte[(2 * BlockSize) + 10];
        data[^1] = 1; // two zero blocks, then a short block with data

        ImageUploadResult sparse = await backend.UploadAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "sparse" });
        ImageUploadResult empty = await backend.UploadAsync(Owner, new MemoryStream([]), new ImageCreateRequest { Name = "empty" });

        sparse.Should().Be(new ImageUploadResult(sparse.Image, 1, 10, 2, 2 * BlockSize));
        empty.Should().Be(new ImageUploadResult(empty.Image, 0, 0, 0, 0));
    }

    // ---- clone -----------------------------------------------------------------------------------------------

    [Test]
    public async Task CloneAsync_ByTheOwner_MakesANewPrivateActiveImageWithTheSameDataAndAttributes()
    {
        IImageBackend backend = await NewBackendAsync();
        byte[] data = Data((2 * BlockSize) + 5, seed: 70);
        ImageRecord source = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest
        {
            Name = "base",
            DiskFormat = "extdump",
            Visibility = ImageVisibility.Shared,
            Protected = true,
            Tags = ["t"],
            MinDisk = 3,
            Properties = new Dictionary<string, string> { ["os"] = "debian" },
        });
        await backend.AddMemberAsync(Owner, source.Id, Member);
        Time.Advance(TimeSpan.FromMinutes(5));

        ImageRecord clone = await backend.CloneAsync(Owner, source.Id, new ImageCloneRequest { Name = "copy" });

        clone.Id.Should().NotBe(source.Id);
        clone.Should().BeEquivalentTo(source with
        {
            Id = clone.Id,
            Name = "copy",
            Visibility = ImageVisibility.Private,
            Protected = false,
            Location = $"pithos://{Owner}/images/copy",
            Members = new Dictionary<string, ImageMemberStatus>(),
            CreatedAt = Time.GetUtcNow(),
            UpdatedAt = Time.GetUtcNow(),
        });
        (await backend.GetAsync(Owner, clone.Id)).Should().Be(clone);
        await using Stream stream = await backend.OpenReadAsync(Owner, clone.Id);
        (await ReadAllAsync(stream)).Should().Equal(data);
        (await backend.GetAsync(Owner, source.Id)).Name.Should().Be("base", "the source is unchanged");
    }

    [Test]
    public async Task CloneAsync_OfAPublicImageByAnotherUser_BelongsToThatUserUnderTheFileName()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord source = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 71)), new ImageCreateRequest { Name = "pub", Visibility = ImageVisibility.Public });

        ImageRecord clone = await backend.CloneAsync(Stranger, source.Id, new ImageCloneRequest { Name = "mine", FileName = "dir/mine.img" });

        clone.Owner.Should().Be(Stranger);
        clone.Location.Should().Be($"pithos://{Stranger}/images/dir/mine.img");
        clone.Checksum.Should().Be(source.Checksum);
        Func<Task> ownerSees = async () => await backend.GetAsync(Owner, clone.Id);
        await ownerSees.Should().ThrowAsync<ImageNotFoundException>("the clone is the stranger's private image");
    }

    [Test]
    public async Task CloneAsync_ToATakenPathOrWithABadName_IsRefusedAndMakesNoImage()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord source = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 72)), new ImageCreateRequest { Name = "src" });

        Func<Task> taken = async () => await backend.CloneAsync(Owner, source.Id, new ImageCloneRequest { Name = "src" });
        Func<Task> badName = async () => await backend.CloneAsync(Owner, source.Id, new ImageCloneRequest { Name = " " });

        await taken.Should().ThrowAsync<ImageConflictException>();
        (await badName.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("name");
        (await backend.ListAsync(Owner)).Images.Should().ContainSingle().Which.Id.Should().Be(source.Id);
    }

    [Test]
    public async Task CloneAsync_DeletedImageOrDeactivatedImageOfAnother_IsAConflict()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord deleted = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 73)), new ImageCreateRequest { Name = "gone" });
        await backend.DeleteAsync(Owner, deleted.Id);
        ImageRecord off = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 74)), new ImageCreateRequest { Name = "off", Visibility = ImageVisibility.Public });
        await backend.DeactivateAsync(Owner, off.Id);

        Func<Task> ofDeleted = async () => await backend.CloneAsync(Owner, deleted.Id, new ImageCloneRequest { Name = "c1" });
        Func<Task> ofDeactivated = async () => await backend.CloneAsync(Stranger, off.Id, new ImageCloneRequest { Name = "c2" });

        await ofDeleted.Should().ThrowAsync<ImageConflictException>();
        await ofDeactivated.Should().ThrowAsync<ImageConflictException>();
        (await backend.CloneAsync(Owner, off.Id, new ImageCloneRequest { Name = "c3" })).Status.Should().Be(ImageStatus.Active, "the owner may clone a deactivated image");
    }

    // ---- versions --------------------------------------------------------------------------------------------

    [Test]
    public async Task ListVersionsAsync_AfterPutUpdateAndDelete_HasOneVersionPerChangeOldestFirst()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord put = await backend.PutAsync(Owner, new MemoryStream(Data(BlockSize + 1, seed: 75)), new ImageCreateRequest { Name = "v1" });
        Time.Advance(TimeSpan.FromMinutes(1));
        ImageRecord updated = await backend.UpdateAsync(Owner, put.Id, new ImageUpdate { Name = "v2" });
        Time.Advance(TimeSpan.FromMinutes(1));
        ImageRecord deleted = await backend.DeleteAsync(Owner, put.Id);

        IReadOnlyList<ImageVersion> versions = await backend.ListVersionsAsync(Owner, put.Id);

        versions.Select(v => v.Image).Should().Equal(put, updated, deleted);
        versions.Select(v => v.Version).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        versions.Select(v => v.Timestamp).Should().Equal(put.UpdatedAt, updated.UpdatedAt, deleted.UpdatedAt);
        versions.Should().OnlyContain(v => v.ModifiedBy == Owner);
    }

    [Test]
    public async Task GetAsync_WithAVersion_ReturnsTheImageAsItWasThen()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord put = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 76)), new ImageCreateRequest { Name = "old", Visibility = ImageVisibility.Public });
        long first = (await backend.ListVersionsAsync(Owner, put.Id)).Single().Version;
        ImageRecord updated = await backend.UpdateAsync(Owner, put.Id, new ImageUpdate { Name = "new", Properties = new Dictionary<string, string> { ["k"] = "v" } });
        long second = (await backend.ListVersionsAsync(Owner, put.Id))[^1].Version;

        (await backend.GetAsync(Owner, put.Id, first)).Should().Be(put);
        (await backend.GetAsync(Stranger, put.Id, first)).Should().Be(put, "who may see a version is decided by the image now");
        (await backend.GetAsync(Owner, put.Id, second)).Should().Be(updated);
        (await backend.GetAsync(Owner, put.Id, null)).Should().Be(updated);
    }

    [Test]
    public async Task GetAsync_UnknownVersionOrAnotherImagesVersion_ThrowsImageNotFound()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord a = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 77)), new ImageCreateRequest { Name = "a" });
        ImageRecord b = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 78)), new ImageCreateRequest { Name = "b" });
        long ofB = (await backend.ListVersionsAsync(Owner, b.Id)).Single().Version;

        Func<Task> unknown = async () => await backend.GetAsync(Owner, a.Id, long.MaxValue);
        Func<Task> other = async () => await backend.GetAsync(Owner, a.Id, ofB);

        await unknown.Should().ThrowAsync<ImageNotFoundException>();
        await other.Should().ThrowAsync<ImageNotFoundException>();
    }

    [Test]
    public async Task ListVersionsAsync_RegisteredObject_StartsAtTheRegistration()
    {
        IImageBackend backend = await NewBackendAsync();
        await WriteObjectAsync(ImagePath("plain"), Data(10, seed: 79));
        await WriteObjectAsync(ImagePath("plain"), Data(12, seed: 80));

        ImageRecord image = await backend.RegisterAsync(Owner, $"pithos://{Owner}/images/plain", new ImageCreateRequest { Name = "plain" });

        (await backend.ListVersionsAsync(Owner, image.Id)).Should().ContainSingle().Which.Image.Should().Be(image);
    }

    // ---- deactivate / reactivate -----------------------------------------------------------------------------

    [Test]
    public async Task DeactivateAndReactivateAsync_MoveTheStatusAndRepeatingChangesNothing()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 81)), new ImageCreateRequest { Name = "toggle" });
        Time.Advance(TimeSpan.FromMinutes(1));

        ImageRecord off = await backend.DeactivateAsync(Owner, image.Id);
        Time.Advance(TimeSpan.FromMinutes(1));
        ImageRecord offAgain = await backend.DeactivateAsync(Owner, image.Id);
        ImageRecord on = await backend.ReactivateAsync(Owner, image.Id);
        ImageRecord onAgain = await backend.ReactivateAsync(Owner, image.Id);

        off.Should().Be(image with { Status = ImageStatus.Deactivated, UpdatedAt = s_start.AddMinutes(1) });
        offAgain.Should().Be(off);
        on.Should().Be(image with { UpdatedAt = s_start.AddMinutes(2) });
        onAgain.Should().Be(on);
        (await backend.ListVersionsAsync(Owner, image.Id)).Should().HaveCount(3, "repeating a move writes nothing");
    }

    [Test]
    public async Task DeactivateAsync_DeletedImage_IsAConflict()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord image = await backend.PutAsync(Owner, new MemoryStream(Data(10, seed: 82)), new ImageCreateRequest { Name = "gone" });
        await backend.DeleteAsync(Owner, image.Id);

        Func<Task> deactivate = async () => await backend.DeactivateAsync(Owner, image.Id);
        Func<Task> reactivate = async () => await backend.ReactivateAsync(Owner, image.Id);

        await deactivate.Should().ThrowAsync<ImageConflictException>();
        await reactivate.Should().ThrowAsync<ImageConflictException>();
    }

    // ---- anonymous -------------------------------------------------------------------------------------------

    [Test]
    public async Task AnonymousUser_ReadsAndListsPublicImagesOnly()
    {
        IImageBackend backend = await NewBackendAsync();
        var images = await PutVisibilityCatalogueAsync(backend);
        byte[] data = Data(7, seed: "a-public".Length);

        ImageRecord got = await backend.GetAsync(ImageConstants.AnonymousUser, images.Public.Id);
        await using Stream stream = await backend.OpenReadAsync(ImageConstants.AnonymousUser, images.Public.Id);
        ImageListPage publicPage = await backend.ListPublicAsync(ImageConstants.AnonymousUser);
        ImageListPage all = await backend.ListAsync(ImageConstants.AnonymousUser, new ImageListQuery { Limit = 100 });
        ImageListPage community = await backend.ListAsync(ImageConstants.AnonymousUser, new ImageListQuery { Visibility = ImageVisibility.Community });
        ImageListPage shared = await backend.ListSharedAsync(ImageConstants.AnonymousUser, ImageShareDirection.SharedWithMe);

        got.Should().Be(images.Public);
        (await ReadAllAsync(stream)).Should().Equal(data);
        publicPage.Images.Select(i => i.Id).Should().BeEquivalentTo([images.Public.Id, images.StrangerPublic.Id]);
        all.Images.Select(i => i.Id).Should().BeEquivalentTo([images.Public.Id, images.StrangerPublic.Id]);
        community.Images.Should().BeEmpty("community images are for users, not anonymous callers");
        shared.Images.Should().BeEmpty();
    }

    [Test]
    public async Task AnonymousUser_CannotPutRegisterOrBeAMember()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord shared = await PutSharedAsync(backend, "shared");

        Func<Task> put = async () => await backend.PutAsync(ImageConstants.AnonymousUser, new MemoryStream([1]), new ImageCreateRequest { Name = "x" });
        Func<Task> register = async () => await backend.RegisterAsync(ImageConstants.AnonymousUser, $"pithos://{Owner}/images/shared", new ImageCreateRequest { Name = "x" });
        Func<Task> member = async () => await backend.AddMemberAsync(Owner, shared.Id, ImageConstants.AnonymousUser);

        await put.Should().ThrowAsync<NotAllowedException>();
        await register.Should().ThrowAsync<NotAllowedException>();
        (await member.Should().ThrowAsync<ImageValidationException>()).Which.Field.Should().Be("member");
        (await backend.ListAsync(Owner)).Images.Should().ContainSingle();
    }
}
