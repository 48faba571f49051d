using System.Globalization;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Name-ordered listings filtered by attribute ranges, existence, <c>!=</c> and size ranges (which a catalogue may
/// drive through an index instead of walking names), and listings sorted by system fields: every combination with
/// prefix, delimiter and marker paging returns what a plain model of the container's live objects says.
/// </summary>
public abstract partial class ObjectStoreContractTests
{
    private static IEnumerable<TestCaseData> DrivenListingCases()
    {
        string[][] filterSets =
        [
            ["n >= 20"],
            ["n > 20"],
            ["n < 05"],
            ["n <= 05"],
            ["n != 07"],
            ["tag"],
            ["tag != red"],
            ["tag", "n < 12"],
            ["n >= 10", "n < 14"],
            ["tag = red", "n > 03"],
            ["!tag", "n > 25"],
            [],
        ];
        (long? Min, long? Max)[] sizes = [(null, null), (30, null), (null, 4), (5, 12)];
        int index = 0;
        foreach (string[] filters in filterSets)
        {
            foreach ((long? min, long? max) in sizes)
            {
                if (filters.Length == 0 && min is null && max is null)
                {
                    continue; // no filter at all: covered by the plain listing tests
                }

                // Vary prefix, delimiter and page size across the cases, so that every filter meets each of them.
                string? prefix = (index % 3) switch { 0 => null, 1 => "d1/", _ => "d" };
                char? delimiter = index % 2 == 0 ? null : '/';
                int limit = new[] { 1, 2, 3, 7, 100 }[index % 5];
                index++;
                string label = $"{string.Join(" & ", filters)} size {min}..{max} prefix {prefix} delimiter {delimiter} limit {limit}";
                yield return new TestCaseData(filters, min, max, prefix, delimiter, limit).SetArgDisplayNames(label);
            }
        }
    }

    [TestCaseSource(nameof(DrivenListingCases))]
    public async Task ListObjectsAsync_RangeExistenceAndSizeFilters_PageThroughExactlyWhatTheyMatch(
        string[] filters, long? minSize, long? maxSize, string? prefix, char? delimiter, int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        Dictionary<string, (long Size, Dictionary<string, string> Metadata)> live = await WriteFilterFixtureAsync(store);
        List<AttributeFilter> parsed = [.. filters.Select(AttributeFilter.Parse)];

        List<string> names = await ListAllNamesAsync(store, Owner, new ListObjectsOptions
        {
            Domain = Domain,
            Filters = parsed,
            MinSize = minSize,
            MaxSize = maxSize,
            Prefix = prefix,
            Delimiter = delimiter,
            Limit = limit,
        });

        List<string> expected = ExpectedEntries(
            live.Where(o => o.Value.Size >= (minSize ?? 0) && o.Value.Size <= (maxSize ?? long.MaxValue) && parsed.All(f => Matches(f, o.Value.Metadata))).Select(o => o.Key),
            prefix,
            delimiter);
        names.Should().Equal(expected);
    }

    [TestCase(ObjectSortField.Size, false, 1)]
    [TestCase(ObjectSortField.Size, true, 2)]
    [TestCase(ObjectSortField.Uuid, false, 3)]
    [TestCase(ObjectSortField.Uuid, true, 1)]
    [TestCase(ObjectSortField.Name, false, 4)]
    [TestCase(ObjectSortField.Name, true, 2)]
    public async Task ListObjectsAsync_SortedBySystemFieldWithPrefixAndFilters_PagesInOrder(ObjectSortField field, bool descending, int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        Dictionary<string, (long Size, Dictionary<string, string> Metadata)> live = await WriteFilterFixtureAsync(store);
        Dictionary<string, Guid> uuids = [];
        foreach (string name in live.Keys)
        {
            uuids[name] = (await store.GetInfoAsync(Owner, PathOf(name))).Uuid;
        }

        foreach ((string? prefix, string? filter, long? maxSize) in new (string?, string?, long?)[] { (null, null, null), ("d1/", null, null), (null, "n > 10", 20), ("d", "tag", null) })
        {
            List<string> names = await ListAllSortedAsync(store, new ListObjectsOptions
            {
                Domain = Domain,
                Prefix = prefix,
                MaxSize = maxSize,
                Filters = filter is null ? null : [AttributeFilter.Parse(filter)],
                Sort = [new ObjectSortKey(field, descending)],
                Limit = limit,
            });

            IEnumerable<string> matching = live
                .Where(o => (prefix is null || o.Key.StartsWith(prefix, StringComparison.Ordinal)) && o.Value.Size <= (maxSize ?? long.MaxValue)
                    && (filter is null || Matches(AttributeFilter.Parse(filter), o.Value.Metadata)))
                .Select(o => o.Key);
            Comparison<string> order = field switch
            {
                ObjectSortField.Size => (x, y) => live[x].Size.CompareTo(live[y].Size),
                ObjectSortField.Uuid => (x, y) => string.CompareOrdinal(uuids[x].ToString("D"), uuids[y].ToString("D")),
                _ => string.CompareOrdinal,
            };
            List<string> expected = [.. matching];
            expected.Sort((x, y) =>
            {
                int c = order(x, y);
                return c != 0 ? (descending ? -c : c) : string.CompareOrdinal(x, y);
            });
            names.Should().Equal(expected, $"sorted by {field} {(descending ? "desc" : "asc")} with prefix {prefix}, filter {filter}, max size {maxSize}");
        }
    }

    [TestCase(false, 1)]
    [TestCase(true, 2)]
    [TestCase(false, 100)]
    public async Task ListObjectsAsync_SortedByAnAttributeSomeLackWithASelectiveFilter_PagesInOrder(bool descending, int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        Dictionary<string, (long Size, Dictionary<string, string> Metadata)> live = await WriteFilterFixtureAsync(store);

        List<string> names = await ListAllSortedAsync(store, new ListObjectsOptions
        {
            Domain = Domain,
            Filters = [AttributeFilter.Parse("n < 12")],
            Sort = [new ObjectSortKey("tag", descending), new ObjectSortKey(ObjectSortField.Size, !descending)],
            Limit = limit,
        });

        string TagOf(string name) => live[name].Metadata.TryGetValue("tag", out string? tag) ? tag : string.Empty;
        List<string> expected = [.. live.Keys.Where(n => Matches(AttributeFilter.Parse("n < 12"), live[n].Metadata))];
        expected.Sort((x, y) =>
        {
            int tag = string.CompareOrdinal(TagOf(x), TagOf(y));
            int size = live[x].Size.CompareTo(live[y].Size); // the second key runs the other way
            int c = tag != 0 ? (descending ? -tag : tag) : (descending ? size : -size);
            return c != 0 ? c : string.CompareOrdinal(x, y);
        });
        expected.Select(TagOf).Should().Contain(string.Empty, "some matches lack the sort key");
        names.Should().Equal(expected);
    }

    /// <summary>
    /// Objects for the filter tests, after every kind of change (value changed, key removed, deleted, re-created,
    /// overwritten with another size, moved, copied), with the live state a listing must show: name → (size, metadata).
    /// </summary>
    private static async Task<Dictionary<string, (long Size, Dictionary<string, string> Metadata)>> WriteFilterFixtureAsync(IObjectStore store)
    {
        var live = new Dictionary<string, (long Size, Dictionary<string, string> Metadata)>(StringComparer.Ordinal);
        string[] tags = ["red", "blue", string.Empty];
        for (int i = 0; i < 30; i++)
        {
            string name = (i % 4) switch
            {
                0 => $"o{i:D2}",
                1 => $"d1/o{i:D2}",
                2 => $"d2/x/o{i:D2}",
                _ => $"d1/y/o{i:D2}",
            };
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["n"] = i.ToString("D2", CultureInfo.InvariantCulture) };
            if (tags[i % 3].Length > 0)
            {
                metadata["tag"] = tags[i % 3];
            }

            long size = (i * 7) % 41;
            await store.WriteAsync(Owner, PathOf(name), new MemoryStream(new byte[size]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = metadata });
            live[name] = (size, metadata);
        }

        await store.UpdateMetadataAsync(Owner, PathOf("o00"), Domain, new Dictionary<string, string> { ["n"] = "27" });
        live["o00"].Metadata["n"] = "27";
        await store.UpdateMetadataAsync(Owner, PathOf("d1/o01"), Domain, new Dictionary<string, string> { ["tag"] = string.Empty });
        live["d1/o01"].Metadata.Remove("tag");
        await store.DeleteAsync(Owner, PathOf("o04"));
        live.Remove("o04");
        await store.DeleteAsync(Owner, PathOf("d2/x/o06"));
        await store.WriteAsync(Owner, PathOf("d2/x/o06"), new MemoryStream(new byte[3]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["n"] = "06" } });
        live["d2/x/o06"] = (3, new Dictionary<string, string>(StringComparer.Ordinal) { ["n"] = "06" });
        await store.WriteAsync(Owner, PathOf("o08"), new MemoryStream(new byte[33]));
        live["o08"] = (33, live["o08"].Metadata);
        await store.MoveAsync(Owner, PathOf("d1/o09"), PathOf("o09-moved"));
        live["o09-moved"] = live["d1/o09"];
        live.Remove("d1/o09");
        await store.CopyAsync(Owner, PathOf("o12"), PathOf("d2/o12-copy"));
        live["d2/o12-copy"] = (live["o12"].Size, new Dictionary<string, string>(live["o12"].Metadata, StringComparer.Ordinal));
        return live;
    }

    /// <summary>A filter's test on a metadata set, as the store defines it (values compare as ordinal strings; <c>!=</c> needs the key).</summary>
    private static bool Matches(AttributeFilter filter, Dictionary<string, string> metadata)
    {
        bool has = metadata.TryGetValue(filter.Key, out string? value);
        int c = has ? string.CompareOrdinal(value, filter.Value) : 0;
        return filter.Operator switch
        {
            AttributeFilterOperator.Exists => has,
            AttributeFilterOperator.NotExists => !has,
            AttributeFilterOperator.Equal => has && c == 0,
            AttributeFilterOperator.NotEqual => has && c != 0,
            AttributeFilterOperator.LessThan => has && c < 0,
            AttributeFilterOperator.LessThanOrEqual => has && c <= 0,
            AttributeFilterOperator.GreaterThan => has && c > 0,
            _ => has && c >= 0,
        };
    }

    /// <summary>The entries a name-ordered listing of these names gives: those under the prefix, each name past a delimiter folded into its subdirectory once.</summary>
    private static List<string> ExpectedEntries(IEnumerable<string> names, string? prefix, char? delimiter)
    {
        var entries = new List<string>();
        foreach (string name in names.Where(n => n.StartsWith(prefix ?? string.Empty, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            int at = delimiter is char d ? name.IndexOf(d, (prefix ?? string.Empty).Length) : -1;
            string entry = at >= 0 && at < name.Length - 1 ? name[..(at + 1)] : name;
            if (entries.Count == 0 || entries[^1] != entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
