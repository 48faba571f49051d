using Plankton.Core.Exceptions;
using Plankton.Core.Images;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Images;

/// <summary>
/// Hostile input, as tables: each refused call gets its typed error and leaves the backend as it was — what the owner
/// can see (every image in every status, with its versions) and, for calls refused before anything is written, what
/// the implementation stores (<see cref="DescribeStorageAsync"/>: catalogue rows, block files). Odd but valid names
/// and properties (quotes, SQL, LIKE wildcards, unicode) round-trip exactly and match only themselves.
/// </summary>
public abstract partial class ImageBackendContractTests
{
    private const string ExistingImage = "existing";

    private static readonly string[] s_oddImageNames =
    [
        "it's \"quoted\"",
        "100% _under_ back\\slash",
        "'; DROP TABLE objects; --",
        "x' OR '1'='1",
        "ünïcødé 画像 🚀 👩‍👩‍👧",
        "%",
        "_",
        "\\",
    ];

    /// <summary>Describes what the implementation stores beyond what its API shows (row counts, block files); empty by default.</summary>
    protected virtual Task<string> DescribeStorageAsync() => Task.FromResult(string.Empty);

    private static IEnumerable<TestCaseData> RefusedImageInputs()
    {
        string lone = "bad\uD800";
        foreach ((string name, string value) in new[] { ("Empty", string.Empty), ("Nul", "a\0b"), ("Tab", "tab\there"), ("Escape", "\u001b[2J"), ("Long", new string('n', 100_000)), ("LoneSurrogate", lone) })
        {
            yield return Refused($"PutAsync_Name{name}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = value }));
            yield return Refused($"UpdateAsync_Name{name}", typeof(ImageValidationException), async b => await b.UpdateAsync(Owner, await ExistingIdAsync(b), new ImageUpdate { Name = value }));
            yield return Refused($"PutAsync_Tag{name}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Tags = [value] }));
            yield return Refused($"PutAsync_PropertyKey{name}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Properties = new Dictionary<string, string> { [value] = "v" } }));
            if (value.Length > 0)
            {
                yield return Refused($"PutAsync_PropertyValue{name}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Properties = new Dictionary<string, string> { ["k"] = value } }));
                yield return Refused($"UpdateAsync_PropertyValue{name}", typeof(ImageValidationException), async b =>
                    await b.UpdateAsync(Owner, await ExistingIdAsync(b), new ImageUpdate { Properties = new Dictionary<string, string> { ["k"] = value } }));
                yield return Refused($"AddMemberAsync_{name}", typeof(PlanktonException), async b => await b.AddMemberAsync(Owner, await ExistingIdAsync(b), value));
            }
        }

        foreach (string fileName in new[] { "../escape", "a/../b", "a//b", "/absolute", "trailing/", ".", "nul\0" })
        {
            yield return Refused($"PutAsync_FileName{Escape(fileName)}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", FileName = fileName }));
        }

        foreach (string key in new[] { "size", "checksum", "id", "owner", "status" })
        {
            yield return Refused($"PutAsync_ReservedPropertyKey_{key}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Properties = new Dictionary<string, string> { [key] = "1" } }));
        }

        yield return Refused("PutAsync_TooManyProperties", typeof(ImageValidationException), b =>
            PutAsync(b, new ImageCreateRequest { Name = "n", Properties = Enumerable.Range(0, ImageConstants.DefaultMaxProperties + 1).ToDictionary(i => $"k{i}", i => "v") }));
        yield return Refused("PutAsync_TooManyTags", typeof(ImageValidationException), b =>
            PutAsync(b, new ImageCreateRequest { Name = "n", Tags = [.. Enumerable.Range(0, ImageConstants.DefaultMaxTags + 1).Select(i => $"t{i}")] }));
        yield return Refused("PutAsync_NegativeSize", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Size = -1 }));
        yield return Refused("PutAsync_MinValueSize", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Size = long.MinValue }));
        yield return Refused("PutAsync_NegativeMinDisk", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", MinDisk = -1 }));
        yield return Refused("PutAsync_NegativeMinRam", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", MinRam = long.MinValue }));
        yield return Refused("PutAsync_DiskFormatWithSql", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", DiskFormat = "raw'; --" }));
        yield return Refused("PutAsync_OtherStore", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Store = "file" }));
        yield return Refused("PutAsync_UndefinedVisibility", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Visibility = (ImageVisibility)42 }));
        yield return Refused("PutAsync_TakenName", typeof(ImageConflictException), b => PutAsync(b, new ImageCreateRequest { Name = ExistingImage }));
        yield return Refused("PutAsync_UserWithNul", typeof(InvalidObjectNameException), b => b.PutAsync("ali\0ce", new MemoryStream([1]), new ImageCreateRequest { Name = "n" }).AsTask());
        yield return Refused("PutAsync_AnonymousUser", typeof(NotAllowedException), b => b.PutAsync(ImageConstants.AnonymousUser, new MemoryStream([1]), new ImageCreateRequest { Name = "n" }).AsTask());
        foreach (string checksum in new[] { "zz", "g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new string('0', 63), new string('0', 65), " " + new string('0', 63), "0x" + new string('0', 62), "' OR 1=1 --", string.Empty })
        {
            yield return Refused($"PutAsync_Checksum{Escape(checksum)}", typeof(ImageValidationException), b => PutAsync(b, new ImageCreateRequest { Name = "n", Checksum = checksum }));
        }

        foreach (string location in new[]
        {
            string.Empty, "http://alice/images/existing", "file:///etc/passwd", "PITHOS://alice/images/existing", "pithos:/alice/images/existing",
            "pithos://alice", "pithos://alice/images", "pithos://alice/images/", "pithos:///images/existing", "pithos://alice//existing",
            "pithos://alice/images/../existing", "pithos://alice/images/a/./b", "pithos://al\0ice/images/existing", "pithos://alice/images/x\u0085",
        })
        {
            yield return Refused($"RegisterAsync_Location{Escape(location)}", typeof(ImageValidationException), b => b.RegisterAsync(Owner, location, new ImageCreateRequest { Name = "n" }).AsTask());
        }

        yield return Refused("RegisterAsync_LocationWithExtraSegments", typeof(ObjectNotFoundException), b => b.RegisterAsync(Owner, $"pithos://{Owner}/images/{ExistingImage}/extra/segment", new ImageCreateRequest { Name = "n" }).AsTask());
        yield return Refused("RegisterAsync_OtherOwnersAccount", typeof(PlanktonException), b => b.RegisterAsync(Owner, $"pithos://{Stranger}/images/{ExistingImage}", new ImageCreateRequest { Name = "n" }).AsTask());
        yield return Refused("OpenReadAsync_NegativeOffset", typeof(ArgumentOutOfRangeException), async b => await b.OpenReadAsync(Owner, await ExistingIdAsync(b), -1));
        yield return Refused("OpenReadAsync_OffsetBeyondTheEnd", typeof(ArgumentOutOfRangeException), async b => await b.OpenReadAsync(Owner, await ExistingIdAsync(b), long.MaxValue));
        yield return Refused("OpenReadAsync_NegativeLength", typeof(ArgumentOutOfRangeException), async b => await b.OpenReadAsync(Owner, await ExistingIdAsync(b), 0, -1));
        yield return Refused("GetAsync_NegativeVersion", typeof(ImageNotFoundException), async b => await b.GetAsync(Owner, await ExistingIdAsync(b), -1));
        yield return Refused("ListAsync_ZeroLimit", typeof(ImageValidationException), b => b.ListAsync(Owner, new ImageListQuery { Limit = 0 }).AsTask());
        yield return Refused("ListAsync_HugeLimit", typeof(ImageValidationException), b => b.ListAsync(Owner, new ImageListQuery { Limit = int.MaxValue }).AsTask());
        yield return Refused("ListAsync_NullUser", typeof(InvalidObjectNameException), b => b.ListAsync(null!).AsTask());
        yield return Refused("ListAsync_SortWithSql", typeof(ImageValidationException), b => b.ListAsync(Owner, new ImageListQuery { Sort = "name; DROP TABLE objects" }).AsTask());
        yield return Refused("ListAsync_UnknownStatus", typeof(ImageValidationException), b => b.ListAsync(Owner, new ImageListQuery { Status = "active' OR '1'='1" }).AsTask());
        yield return Refused("CloneAsync_NameWithNul", typeof(ImageValidationException), async b => await b.CloneAsync(Owner, await ExistingIdAsync(b), new ImageCloneRequest { Name = "c\0" }));
        yield return Refused("CloneAsync_FileNameEscaping", typeof(ImageValidationException), async b => await b.CloneAsync(Owner, await ExistingIdAsync(b), new ImageCloneRequest { Name = "c", FileName = "../c" }));
    }

    /// <summary>Calls that read the data before they can refuse it: the owner sees nothing new (a failed put may leave documented history rows and blocks).</summary>
    private static IEnumerable<TestCaseData> RefusedAfterReadingInputs()
    {
        byte[] data = Data((2 * BlockSize) + 3, seed: 77);
        yield return RefusedAfterReading("PutAsync_StreamClaimsMoreThanItHolds", typeof(ImageValidationException), b =>
            b.PutAsync(Owner, new LyingLengthStream(data, 100L * BlockSize), new ImageCreateRequest { Name = "n", Size = 100L * BlockSize }).AsTask());
        yield return RefusedAfterReading("PutAsync_StreamClaimsLessThanItHolds", typeof(ImageValidationException), b =>
            b.PutAsync(Owner, new LyingLengthStream(data, 1), new ImageCreateRequest { Name = "n", Size = 1 }).AsTask());
        yield return RefusedAfterReading("PutAsync_HugeSize", typeof(ImageValidationException), b =>
            b.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "n", Size = long.MaxValue }).AsTask());
        yield return RefusedAfterReading("PutAsync_WrongChecksum", typeof(ImageValidationException), b =>
            b.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = "n", Checksum = new string('a', 64) }).AsTask());
        yield return RefusedAfterReading("PutAsync_StreamFailsMidway", typeof(IOException), b =>
            b.PutAsync(Owner, new FaultyStream(failAfter: 2 * BlockSize, length: 6 * BlockSize), new ImageCreateRequest { Name = "n" }).AsTask());
    }

    private static IEnumerable<TestCaseData> OddImageNames() =>
        s_oddImageNames.Select((name, i) => new TestCaseData(name).SetName($"HostileInput_OddImageName{i}_RoundTripsAndMatchesOnlyItself"));

    [TestCaseSource(nameof(RefusedImageInputs))]
    public async Task HostileInput_IsRefusedWithItsTypedErrorAndChangesNothing(Type expected, Func<IImageBackend, Task> act)
    {
        IImageBackend backend = await NewBackendWithExistingImageAsync();
        string visible = await ImageSnapshot.DescribeAsync(backend, Owner);
        string stored = await DescribeStorageAsync();

        Func<Task> call = () => act(backend);

        Exception error = (await call.Should().ThrowAsync<Exception>()).Which;
        error.Should().BeAssignableTo(expected, "the error is {0}", error);
        (await ImageSnapshot.DescribeAsync(backend, Owner)).Should().Be(visible);
        (await DescribeStorageAsync()).Should().Be(stored, "a call refused before writing writes nothing");
    }

    [TestCaseSource(nameof(RefusedAfterReadingInputs))]
    public async Task HostileInput_IsRefusedAfterReadingAndShowsNothingNew(Type expected, Func<IImageBackend, Task> act)
    {
        IImageBackend backend = await NewBackendWithExistingImageAsync();
        string visible = await ImageSnapshot.DescribeAsync(backend, Owner);

        Func<Task> call = () => act(backend);

        Exception error = (await call.Should().ThrowAsync<Exception>()).Which;
        error.Should().BeAssignableTo(expected, "the error is {0}", error);
        (await ImageSnapshot.DescribeAsync(backend, Owner)).Should().Be(visible);
        (await ReadObjectAsync(ImagePath("n"))).Should().BeNull("a refused put leaves no object");
        (await backend.PutAsync(Owner, new MemoryStream([1, 2]), new ImageCreateRequest { Name = "n" })).Status.Should().Be(ImageStatus.Active, "the name is free again");
    }

    [TestCaseSource(nameof(OddImageNames))]
    public async Task HostileInput_OddNameAndProperties_RoundTripAndMatchOnlyThemselves(string name)
    {
        IImageBackend backend = await NewBackendWithExistingImageAsync();
        string decoy = name.Replace('%', 'x').Replace('_', 'y').Replace('\\', 'z').Replace('\'', 'q') + " decoy";
        var properties = new Dictionary<string, string> { ["odd"] = name, [name.Replace(' ', '-')] = "x' OR '1'='1" };
        await backend.PutAsync(Owner, new MemoryStream([7]), new ImageCreateRequest { Name = decoy, Properties = new Dictionary<string, string> { ["odd"] = decoy } });
        byte[] data = Data(BlockSize + 9, seed: name.Length);

        ImageRecord put = await backend.PutAsync(Owner, new MemoryStream(data), new ImageCreateRequest { Name = name, Tags = [name], Properties = properties });

        ImageRecord got = await backend.GetAsync(Owner, put.Id);
        got.Should().Be(put);
        got.Name.Should().Be(name);
        got.Tags.Should().Equal(name);
        got.Properties.Should().BeEquivalentTo(properties);
        await using (Stream stream = await backend.OpenReadAsync(Owner, put.Id))
        {
            (await ReadAllAsync(stream)).Should().Equal(data);
        }

        (await backend.ListAsync(Owner, new ImageListQuery { Properties = new Dictionary<string, string> { ["odd"] = name } })).Images.Select(i => i.Id).Should().Equal(put.Id);
        (await backend.ListAsync(Owner, new ImageListQuery { Tags = [name] })).Images.Select(i => i.Id).Should().Equal(put.Id);
        if (!name.Contains(','))
        {
            (await backend.ListAsync(Owner, new ImageListQuery { Name = name })).Images.Select(i => i.Id).Should().Equal(put.Id);
        }
    }

    private static TestCaseData Refused(string name, Type expected, Func<IImageBackend, Task> act) =>
        new TestCaseData(expected, act).SetName($"HostileInput_{name}_Throws{expected.Name}AndChangesNothing");

    private static TestCaseData RefusedAfterReading(string name, Type expected, Func<IImageBackend, Task> act) =>
        new TestCaseData(expected, act).SetName($"HostileInput_{name}_Throws{expected.Name}AndShowsNothingNew");

    private static Task<ImageRecord> PutAsync(IImageBackend backend, ImageCreateRequest request) =>
        backend.PutAsync(Owner, new MemoryStream([1, 2, 3]), request).AsTask();

    private static async Task<Guid> ExistingIdAsync(IImageBackend backend) =>
        (await backend.ListAsync(Owner, new ImageListQuery { Name = ExistingImage })).Images.Single().Id;

    private static string Escape(string text) =>
        text.Length == 0 ? "Empty" : string.Concat(text.Take(40).Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"U{(int)c:X4}"));

    private async Task<IImageBackend> NewBackendWithExistingImageAsync()
    {
        IImageBackend backend = await NewBackendAsync();
        ImageRecord existing = await backend.PutAsync(Owner, new MemoryStream(Data((2 * BlockSize) + 5, seed: 70)), new ImageCreateRequest
        {
            Name = ExistingImage,
            Visibility = ImageVisibility.Shared,
            Tags = ["t"],
            Properties = new Dictionary<string, string> { ["os"] = "debian" },
        });
        await backend.AddMemberAsync(Owner, existing.Id, Member);
        return backend;
    }
}
