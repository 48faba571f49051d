using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Hostile input, as tables: every refused input gets its typed error and leaves the store exactly as it was (what a
/// client can see, and what the implementation stores: <see cref="DescribeStorageAsync"/>); odd but valid input
/// (quotes, SQL, LIKE wildcards, unicode) round-trips exactly and matches only itself.
/// </summary>
public abstract partial class ObjectStoreContractTests
{
    private const string Existing = "existing";

    private static readonly string[] s_oddNames =
    [
        "it's \"quoted\"",
        "100% sure",
        "under_score",
        "back\\slash",
        "'; DROP TABLE objects; --",
        "Robert'); DELETE FROM versions WHERE ('1'='1",
        "ünïcødé/画像/🚀",
        "family 👩‍👩‍👧 \u200b zero-width",
        "[brackets]*?^$",
        string.Join('/', Enumerable.Repeat("seg", (ObjectStoreConstants.MaxObjectNameLength / 4) - 1)) + "/end!",
    ];

    /// <summary>Describes what the implementation stores beyond what its API shows (row counts, block files); empty by default.</summary>
    protected virtual Task<string> DescribeStorageAsync() => Task.FromResult(string.Empty);

    /// <summary>What the implementation stores that a failed write must leave as it was: like <see cref="DescribeStorageAsync"/>, without stored blocks that nothing references.</summary>
    protected virtual Task<string> DescribeReferencedStorageAsync() => Task.FromResult(string.Empty);

    private static IEnumerable<TestCaseData> RefusedInputs()
    {
        string tooLong = new('x', 100_000);
        string loneSurrogate = "bad\uD800name";
        var metadataCases = new (string Name, string Key, string Value)[]
        {
            ("NulInKey", "k\0", "v"),
            ("ControlInKey", "k\u001b[31m", "v"),
            ("EmptyKey", string.Empty, "v"),
            ("LongKey", new string('k', ObjectStoreConstants.MaxMetadataKeyLength + 1), "v"),
            ("NulInValue", "k", "v\0"),
            ("NewlineInValue", "k", "line\nbreak"),
            ("LongValue", "k", new string('v', ObjectStoreConstants.MaxMetadataValueLength + 1)),
            ("LoneSurrogateInKey", "k\uDC00", "v"),
            ("LoneSurrogateInValue", "k", "v\uD800"),
        };
        foreach ((string name, string key, string value) in metadataCases)
        {
            var metadata = new Dictionary<string, string> { [key] = value };
            yield return Refused($"WriteAsync_Metadata{name}", typeof(InvalidObjectNameException), s =>
                s.WriteAsync(Owner, PathOf("new"), new MemoryStream([1, 2, 3]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = metadata }).AsTask());
            yield return Refused($"UpdateMetadataAsync_{name}", typeof(InvalidObjectNameException), s =>
                s.UpdateMetadataAsync(Owner, PathOf(Existing), Domain, metadata).AsTask());
        }

        foreach (string name in new[] { "a/../b", "../escape", "a/./b", ".", "a//b", "/leading", "trailing/", "nul\0byte", "new\nline", "bell\a", "del\u007f", tooLong, loneSurrogate })
        {
            yield return Refused($"WriteAsync_ObjectName_{Describe(name)}", typeof(InvalidObjectNameException), s =>
                s.WriteAsync(Owner, new ObjectPath(Owner, Container, name), new MemoryStream([1])).AsTask());
        }

        foreach (string name in new[] { string.Empty, "a/b", "nul\0", "esc\u001b", tooLong, loneSurrogate })
        {
            yield return Refused($"EnsureAccountAsync_{Describe(name)}", typeof(InvalidObjectNameException), s => s.EnsureAccountAsync(name, name).AsTask());
            yield return Refused($"EnsureContainerAsync_{Describe(name)}", typeof(InvalidObjectNameException), s => s.EnsureContainerAsync(Owner, Owner, name).AsTask());
            yield return Refused($"SetGroupAsync_{Describe(name)}", typeof(InvalidObjectNameException), s => s.SetGroupAsync(Owner, Owner, name, ["bob"]).AsTask());
        }

        yield return Refused("WriteAsync_UserWithNul", typeof(InvalidObjectNameException), s => s.WriteAsync("ali\0ce", PathOf("new"), new MemoryStream([1])).AsTask());
        yield return Refused("WriteAsync_ContentTypeWithControl", typeof(InvalidObjectNameException), s =>
            s.WriteAsync(Owner, PathOf("new"), new MemoryStream([1]), new ObjectWriteOptions { ContentType = "text/plain\r\nX-Evil: 1" }).AsTask());
        yield return Refused("UpdateMetadataAsync_DomainWithNul", typeof(InvalidObjectNameException), s =>
            s.UpdateMetadataAsync(Owner, PathOf(Existing), "plank\0ton", new Dictionary<string, string> { ["k"] = "v" }).AsTask());
        yield return Refused("SetPermissionsAsync_EntryWithControl", typeof(InvalidObjectNameException), s =>
            s.SetPermissionsAsync(Owner, PathOf(Existing), new ObjectPermissions(["bob\u0000"], null)).AsTask());
        yield return Refused("SetAccountQuotaAsync_Negative", typeof(ArgumentOutOfRangeException), s => s.SetAccountQuotaAsync(Owner, Owner, -1).AsTask());
        yield return Refused("SetContainerQuotaAsync_Negative", typeof(ArgumentOutOfRangeException), s => s.SetContainerQuotaAsync(Owner, Owner, Container, long.MinValue).AsTask());

        BlockHash unknown = PithosHash.HashBlock([0xde, 0xad]);
        yield return Refused("WriteHashmapAsync_NegativeSize", typeof(ArgumentException), s => s.WriteHashmapAsync(Owner, PathOf("new"), -1, [BlockHash.Empty]).AsTask());
        yield return Refused("WriteHashmapAsync_HugeSize", typeof(ArgumentException), s => s.WriteHashmapAsync(Owner, PathOf("new"), long.MaxValue, [BlockHash.Empty]).AsTask());
        yield return Refused("WriteHashmapAsync_SizeBeyondTheHashes", typeof(ArgumentException), s => s.WriteHashmapAsync(Owner, PathOf("new"), (2 * BlockSize) + 1, [BlockHash.Empty, BlockHash.Empty]).AsTask());
        yield return Refused("WriteHashmapAsync_MoreHashesThanTheSize", typeof(ArgumentException), s => s.WriteHashmapAsync(Owner, PathOf("new"), 1, [BlockHash.Empty, BlockHash.Empty]).AsTask());
        yield return Refused("WriteHashmapAsync_UnknownBlock", typeof(MissingBlocksException), s => s.WriteHashmapAsync(Owner, PathOf("new"), 2, [unknown]).AsTask());
        yield return Refused("WriteHashmapAsync_AllZeroHash", typeof(MissingBlocksException), s => s.WriteHashmapAsync(Owner, PathOf("new"), 2, [BlockHash.Zero]).AsTask());

        yield return Refused("OpenReadAsync_NegativeOffset", typeof(ArgumentOutOfRangeException), s => s.OpenReadAsync(Owner, PathOf(Existing), null, -1).AsTask());
        yield return Refused("OpenReadAsync_OffsetBeyondTheEnd", typeof(ArgumentOutOfRangeException), s => s.OpenReadAsync(Owner, PathOf(Existing), null, long.MaxValue).AsTask());
        yield return Refused("OpenReadAsync_NegativeLength", typeof(ArgumentOutOfRangeException), s => s.OpenReadAsync(Owner, PathOf(Existing), null, 0, long.MinValue).AsTask());
        yield return Refused("ListObjectsAsync_ZeroLimit", typeof(ArgumentOutOfRangeException), s => s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Limit = 0 }).AsTask());
        yield return Refused("ListObjectsAsync_HugeLimit", typeof(ArgumentOutOfRangeException), s => s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Limit = int.MaxValue }).AsTask());
        yield return Refused("ListObjectsAsync_NegativeMinSize", typeof(ArgumentOutOfRangeException), s => s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { MinSize = -1 }).AsTask());
        yield return Refused("ListObjectsAsync_PrefixWithNul", typeof(InvalidObjectNameException), s => s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Prefix = "a\0" }).AsTask());
        yield return Refused("ListObjectsAsync_MarkerWithControl", typeof(InvalidObjectNameException), s => s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Marker = "\u0001" }).AsTask());
        yield return Refused("ListObjectsAsync_NulDelimiter", typeof(ArgumentException), s => s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Delimiter = '\0' }).AsTask());
        yield return Refused("ListObjectsAsync_FilterWithoutDomain", typeof(ArgumentException), s =>
            s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Filters = [new AttributeFilter("k", AttributeFilterOperator.Exists)] }).AsTask());
        yield return Refused("ListObjectsAsync_TooManyFilters", typeof(ArgumentException), s =>
            s.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
            {
                Domain = Domain,
                Filters = [.. Enumerable.Range(0, ObjectStoreConstants.MaxListFilters + 1).Select(i => new AttributeFilter($"k{i}", AttributeFilterOperator.Exists))],
            }).AsTask());
        yield return Refused("AttributeFilter_ValueWithNul", typeof(InvalidObjectNameException), _ => Task.FromResult(new AttributeFilter("k", AttributeFilterOperator.Equal, "v\0")));
        yield return Refused("CopyAsync_OntoItself", typeof(ArgumentException), s => s.CopyAsync(Owner, PathOf(Existing), PathOf(Existing)).AsTask());
        yield return Refused("CopyAsync_MissingVersion", typeof(ObjectNotFoundException), s => s.CopyAsync(Owner, PathOf(Existing), PathOf("new"), new ObjectCopyOptions { Version = long.MaxValue }).AsTask());
        yield return Refused("CopyAsync_MetadataWithoutDomain", typeof(InvalidObjectNameException), s =>
            s.CopyAsync(Owner, PathOf(Existing), PathOf("new"), new ObjectCopyOptions { Metadata = new Dictionary<string, string> { ["k"] = "v" } }).AsTask());
        yield return Refused("CopyAsync_MetadataKeyWithNul", typeof(InvalidObjectNameException), s =>
            s.CopyAsync(Owner, PathOf(Existing), PathOf("new"), new ObjectCopyOptions { MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["k\0"] = "v" } }).AsTask());
        yield return Refused("CopyAsync_WithMetadataMissingVersion", typeof(ObjectNotFoundException), s =>
            s.CopyAsync(Owner, PathOf(Existing), PathOf("new"), new ObjectCopyOptions { Version = long.MaxValue, MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["k"] = "v" } }).AsTask());
    }

    private static IEnumerable<TestCaseData> OddNames() =>
        s_oddNames.Select((name, i) => new TestCaseData(name).SetName($"WriteAsync_OddName{i}_RoundTripsAndListsOnlyItself"));

    [TestCaseSource(nameof(RefusedInputs))]
    public async Task HostileInput_IsRefusedWithItsTypedErrorAndChangesNothing(Type expected, Func<IObjectStore, Task> act)
    {
        IObjectStore store = await NewStoreWithExistingObjectAsync();
        string before = await SnapshotAsync(store);

        Func<Task> call = () => act(store);

        Exception error = (await call.Should().ThrowAsync<Exception>()).Which;
        error.Should().BeAssignableTo(expected, "the error is {0}", error);
        (await SnapshotAsync(store)).Should().Be(before, "a refused call changes nothing");
    }

    /// <summary>
    /// A stream that fails midway is not refused input but a failed write: the error surfaces, no version is made and
    /// no block is referenced, while blocks the ingest already stored may stay until the next garbage collection
    /// (whether any does depends on how far the pipeline got), so those are left out of the comparison.
    /// </summary>
    [Test]
    public async Task HostileInput_WriteAsync_StreamFailsMidway_ThrowsIOExceptionAndLeavesOnlyCollectableBlocks()
    {
        IObjectStore store = await NewStoreWithExistingObjectAsync();
        string before = await ObjectStoreSnapshot.DescribeAsync(store, Owner, Domain) + await DescribeReferencedStorageAsync();

        Func<Task> call = async () => await store.WriteAsync(Owner, PathOf("new"), new FaultyStream(failAfter: 3 * BlockSize, length: 10 * BlockSize));

        await call.Should().ThrowAsync<IOException>();
        (await ObjectStoreSnapshot.DescribeAsync(store, Owner, Domain) + await DescribeReferencedStorageAsync())
            .Should().Be(before, "a failed write makes no version and references no block");
    }

    [TestCaseSource(nameof(OddNames))]
    public async Task HostileInput_OddNameAndMetadata_RoundTripExactly(string name)
    {
        IObjectStore store = await NewStoreWithExistingObjectAsync();
        string wildcardMatch = name.Replace('%', 'x').Replace('_', 'y').Replace('\\', 'z');
        string sibling = name.Length + 8 <= ObjectStoreConstants.MaxObjectNameLength ? name + "-sibling" : name[..^1] + "?";
        foreach (string decoy in new[] { "zz-decoy", sibling, wildcardMatch == name ? "zz-other" : wildcardMatch + "-decoy" })
        {
            await store.WriteAsync(Owner, PathOf(decoy), new MemoryStream([9]));
        }

        byte[] data = RandomBytes(name.Length, BlockSize + 7);
        var metadata = new Dictionary<string, string> { [name.Length > 128 ? "long" : name] = name, ["sql"] = "x' OR '1'='1", ["like"] = "%_\\" };

        ObjectInfo written = (await store.WriteAsync(Owner, PathOf(name), new MemoryStream(data), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = metadata })).Info;

        written.Path.Name.Should().Be(name);
        (await ReadAllAsync(store, name)).Should().Equal(data);
        (await store.GetMetadataAsync(Owner, PathOf(name), Domain)).Should().BeEquivalentTo(metadata);
        (await store.GetInfoByUuidAsync(Owner, written.Uuid)).Path.Should().Be(PathOf(name));
        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Prefix = name });
        page.Entries.Select(e => e.Name).Should().Equal(sibling.StartsWith(name, StringComparison.Ordinal) ? [name, sibling] : [name], "a prefix matches literally");
        ObjectListPage filtered = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
        {
            Domain = Domain,
            Filters = [new AttributeFilter("like", AttributeFilterOperator.Equal, "%_\\")],
        });
        filtered.Entries.Select(e => e.Name).Should().Equal(name);
    }

    [Test]
    public async Task HostileInput_LikeWildcardsInPrefixAndFilters_MatchLiterally()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        string[] names = ["%", "100%", "1000", "100x", "_", "a_b", "axb", "a\\b", "a\\\\b", "ab"];
        foreach (string name in names)
        {
            await store.WriteAsync(Owner, PathOf(name), new MemoryStream([1]), new ObjectWriteOptions
            {
                MetadataDomain = Domain,
                Metadata = new Dictionary<string, string> { ["v"] = name },
            });
        }

        async Task<string[]> ListAsync(string prefix) =>
            [.. (await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Prefix = prefix })).Entries.Select(e => e.Name)];

        async Task<string[]> FilterAsync(AttributeFilterOperator op, string value) =>
            [.. (await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Domain = Domain, Filters = [new AttributeFilter("v", op, value)] })).Entries.Select(e => e.Name)];

        (await ListAsync("%")).Should().Equal("%");
        (await ListAsync("100%")).Should().Equal("100%");
        (await ListAsync("_")).Should().Equal("_");
        (await ListAsync("a_")).Should().Equal("a_b");
        (await ListAsync("a\\")).Should().Equal("a\\\\b", "a\\b");
        (await ListAsync("a\\\\")).Should().Equal("a\\\\b");
        (await ListAsync("100")).Should().Equal("100%", "1000", "100x");
        (await FilterAsync(AttributeFilterOperator.Equal, "100%")).Should().Equal("100%");
        (await FilterAsync(AttributeFilterOperator.Equal, "a_b")).Should().Equal("a_b");
        (await FilterAsync(AttributeFilterOperator.Equal, "a\\b")).Should().Equal("a\\b");
        (await FilterAsync(AttributeFilterOperator.NotEqual, "%")).Should().HaveCount(names.Length - 1);
    }

    [Test]
    public async Task HostileInput_StreamLyingAboutItsLength_StoresWhatItYields()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        byte[] data = RandomBytes(5, (2 * BlockSize) + 3);

        ObjectInfo shorter = (await store.WriteAsync(Owner, PathOf("claims-more"), new LyingLengthStream(data, claimedLength: 100L * BlockSize))).Info;
        ObjectInfo longer = (await store.WriteAsync(Owner, PathOf("claims-less"), new LyingLengthStream(data, claimedLength: 1))).Info;

        shorter.Size.Should().Be(data.Length);
        longer.Size.Should().Be(data.Length);
        (await ReadAllAsync(store, "claims-more")).Should().Equal(data);
        (await ReadAllAsync(store, "claims-less")).Should().Equal(data);
    }

    [TestCase("")]
    [TestCase("zz")]
    [TestCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [TestCase("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555")]
    [TestCase("g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase(" 3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [TestCase("٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠٠")]
    [TestCase("0x0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void HostileInput_HashThatIsNotHex_IsRefusedByTheParser(string text)
    {
        BlockHash.TryParse(text, out _).Should().BeFalse();
        FluentActions.Invoking(() => BlockHash.Parse(text)).Should().Throw<FormatException>();
    }

    private static TestCaseData Refused(string name, Type expected, Func<IObjectStore, Task> act) =>
        new TestCaseData(expected, act).SetName($"HostileInput_{name}_Throws{expected.Name}AndChangesNothing");

    private static string Describe(string text) =>
        text.Length > 40 ? $"Long{text.Length}" : text.Length == 0 ? "Empty" : string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c.ToString() : $"U{(int)c:X4}"));

    private async Task<IObjectStore> NewStoreWithExistingObjectAsync()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.WriteAsync(Owner, PathOf(Existing), new MemoryStream(RandomBytes(3, (2 * BlockSize) + 1)), new ObjectWriteOptions
        {
            MetadataDomain = Domain,
            Metadata = new Dictionary<string, string> { ["k"] = "v" },
        });
        await store.SetGroupAsync(Owner, Owner, "friends", ["bob"]);
        return store;
    }

    /// <summary>Everything the owner can see plus the implementation's storage.</summary>
    private async Task<string> SnapshotAsync(IObjectStore store) =>
        await ObjectStoreSnapshot.DescribeAsync(store, Owner, Domain) + await DescribeStorageAsync();
}
