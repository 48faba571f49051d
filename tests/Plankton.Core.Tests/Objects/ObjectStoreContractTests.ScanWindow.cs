using Plankton.Core.Objects;
using Plankton.Core.Objects.Catalogue;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Scan windows: a catalogue's name-ordered page reads at most <c>ListScanLimit</c> rows that its filters may reject,
/// then ends early with a marker. Whatever the limit, following the markers lists exactly what the filters match,
/// each entry once, subdirectories included.
/// </summary>
public abstract partial class ObjectStoreContractTests
{
    private static IEnumerable<TestCaseData> ScanWindowCases()
    {
        string[][] filterSets =
        [
            ["!tag"],
            ["tag != red"],
            ["tag = red", "n > 10"],
            ["tag = blue"],
            ["!tag", "n < 20"],
            ["n >= 00"],
        ];
        int index = 0;
        foreach (int scanLimit in new[] { 1, 2, 5 }) // windows of max(scan limit, limit + 1) rows
        {
            foreach (string[] filters in filterSets)
            {
                string? prefix = (index % 3) switch { 0 => null, 1 => "d1/", _ => "d" };
                char? delimiter = index % 2 == 0 ? '/' : null;
                int limit = new[] { 3, 1, 100, 2 }[index % 4];
                index++;
                yield return new TestCaseData(scanLimit, filters, prefix, delimiter, limit).SetArgDisplayNames(
                    $"scan {scanLimit}: {string.Join(" & ", filters)} prefix {prefix} delimiter {delimiter} limit {limit}");
            }
        }
    }

    [TestCaseSource(nameof(ScanWindowCases))]
    public async Task ListObjectsAsync_AnyScanLimit_PagesThroughExactlyWhatTheFiltersMatch(
        int scanLimit, string[] filters, string? prefix, char? delimiter, int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        Dictionary<string, (long Size, Dictionary<string, string> Metadata)> live = await WriteFilterFixtureAsync(store);
        List<AttributeFilter> parsed = [.. filters.Select(AttributeFilter.Parse)];
        LimitListScan(scanLimit);

        List<string> names = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Domain = Domain, Filters = parsed, Prefix = prefix, Delimiter = delimiter, Limit = limit });

        names.Should().Equal(ExpectedEntries(live.Where(o => parsed.All(f => Matches(f, o.Value.Metadata))).Select(o => o.Key), prefix, delimiter));
    }

    /// <summary>
    /// The window holds the page's limit plus one rows when the scan limit is smaller: ten objects of which only the
    /// last lacks the key, a limit of 2 and a scan limit of 1 give pages that read 3 names each.
    /// </summary>
    [Test]
    public async Task ListObjectsAsync_WalkPastTheWindow_EndsThePageEarlyWithTheLastNameRead()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        for (int i = 0; i < 10; i++)
        {
            var metadata = new Dictionary<string, string> { [i < 9 ? "k" : "other"] = "v" };
            await store.WriteAsync(Owner, PathOf($"o{i}"), new MemoryStream([1]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = metadata });
        }

        bool windowed = LimitListScan(1);
        var options = new ListObjectsOptions { Domain = Domain, Filters = [AttributeFilter.Parse("!k")], Limit = 2 };
        var pages = new List<(int Entries, string? Marker)>();
        do
        {
            ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, options);
            pages.Add((page.Entries.Count, page.NextMarker));
            options.Marker = page.NextMarker;
        }
        while (options.Marker is not null);

        if (windowed)
        {
            pages.Should().Equal([(0, "o2"), (0, "o5"), (0, "o8"), (1, null)], "each page reads three names; only o9 lacks k");
        }
        else
        {
            pages.Should().Equal([(1, null)], "a store without scan windows reads until the page fills");
        }
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task ListObjectsAsync_UntilWithAnyScanLimit_ReturnsEveryEntryOnce(int scanLimit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "a", "d/x", "d/y", "d/z", "e", "f", "g" })
        {
            await WriteAsync(store, name, [1]);
        }

        DateTimeOffset until = Time.Advance(TimeSpan.FromMinutes(1));
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.DeleteAsync(Owner, PathOf("e"));
        await store.DeleteAsync(Owner, PathOf("d/x"));
        await WriteAsync(store, "b", [1]);
        await WriteAsync(store, "d/y", [1, 2, 3]);
        LimitListScan(scanLimit);

        List<string> names = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Until = until, Limit = 3 });
        List<string> grouped = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Until = until, Limit = 2, Delimiter = '/' });
        List<string> small = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Until = until, Limit = 2, MaxSize = 1, Prefix = "d/" });

        names.Should().Equal("a", "d/x", "d/y", "d/z", "e", "f", "g");
        grouped.Should().Equal("a", "d/", "e", "f", "g");
        small.Should().Equal("d/x", "d/y", "d/z");
    }

    [Test]
    public async Task ListObjectsAsync_MarkerInsideASubdirectory_ListsTheNamesAfterItAndTheSubdirectoryAgain()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "a", "d/x", "d/y", "e" })
        {
            await WriteAsync(store, name, [1]);
        }

        ObjectListPage inside = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Delimiter = '/', Marker = "d/x" });
        ObjectListPage atLast = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Delimiter = '/', Marker = "d/y" });
        ObjectListPage after = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Delimiter = '/', Marker = "d/" });

        inside.Entries.Select(e => e.Name).Should().Equal(["d/", "e"], "as in Pithos: the names after the marker, grouped");
        atLast.Entries.Select(e => e.Name).Should().Equal(["e"], "no name of d/ follows the marker");
        after.Entries.Select(e => e.Name).Should().Equal(["e"], "the marker is the subdirectory entry itself: all of it was listed");
    }

    /// <summary>Sets the scan window of the last store made, when it is a catalogue (the stores that have one); tells whether it was.</summary>
    private bool LimitListScan(int rows)
    {
        if (_lastCreated is CatalogueObjectStore catalogue)
        {
            catalogue.ListScanLimit = rows;
            return true;
        }

        return false;
    }
}
