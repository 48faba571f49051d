using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Catalogue;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Every catalogue statement is served by an index: SQLite's query plan shows no full scan of a table (the issue's
/// "no query scans all objects").
/// </summary>
[TestFixture]
public sealed class SqliteQueryPlanTests
{
    private TempDirectory? _directory;

    [OneTimeSetUp]
    public void CreateDirectory() => _directory = new TempDirectory();

    [OneTimeTearDown]
    public void DeleteDirectory()
    {
        SqliteConnectionFactory.ClearAllPools();
        _directory?.Dispose();
    }

    private static IEnumerable<TestCaseData> Statements() =>
        typeof(Sql).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => new TestCaseData(f.Name, (string)f.GetRawConstantValue()!).SetArgDisplayNames(f.Name));

    /// <summary>
    /// Statements that scan on purpose, each a table whose size is bounded by something other than the store's size
    /// (garbage collection and scrub, docs/reliability.md): the lease table (one row per running upload), the damage
    /// table (one row per damaged block), and the reverse look-up of the versions using a damaged block.
    /// </summary>
    private static readonly Dictionary<string, string> s_deliberateScans = new(StringComparer.Ordinal)
    {
        ["SelectLeases"] = "SCAN leases",
        ["SelectDamage"] = "SCAN d USING INDEX",
        ["DeleteUnreferencedDamage"] = "SCAN damaged_blocks",
        ["SelectVersionsContaining"] = "SCAN v",
    };

    private static IEnumerable<TestCaseData> ListingsByValue() =>
    [
        new TestCaseData(nameof(Sql.ListObjectsByValueUnbounded), Sql.ListObjectsByValueUnbounded).SetArgDisplayNames(nameof(Sql.ListObjectsByValueUnbounded)),
        new TestCaseData(nameof(Sql.ListObjectsByValueBounded), Sql.ListObjectsByValueBounded).SetArgDisplayNames(nameof(Sql.ListObjectsByValueBounded)),
    ];

    [TestCaseSource(nameof(Statements))]
    public async Task Statement_QueryPlan_ScansNoTable(string name, string sql)
    {
        IReadOnlyList<string> plan = await PlanAsync(name, sql);
        HashSet<string> allowed = WithItemScans(sql);

        // A constant row, the statement's own WITH items (such as the recursive split of a hashmap into 32-byte slices)
        // and the deliberate scans above are not scans of the store's tables.
        plan.Should().NotContain(
            step => step.StartsWith("SCAN ", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW" && !allowed.Contains(step)
                && !(s_deliberateScans.ContainsKey(name) && step.StartsWith(s_deliberateScans[name], StringComparison.Ordinal)),
            "{0} must use indexes: {1}",
            name,
            string.Join(" | ", plan));
    }

    /// <summary>
    /// A listing with an equality filter starts from the listing index at the filter's value and the marker, in name
    /// order: walking the container's objects in name order (and testing each one) is the plan regression this
    /// catches, since it scans no table yet reads every object before the first match.
    /// </summary>
    [TestCaseSource(nameof(ListingsByValue))]
    public async Task ListingByValue_QueryPlan_StartsAtTheValueAndMarkerInNameOrder(string name, string sql)
    {
        IReadOnlyList<(long Parent, string Detail)> plan = await PlanStepsAsync(name, sql);
        List<string> top = [.. plan.Where(s => s.Parent == 0).Select(s => s.Detail)];

        top[0].Should().StartWith(
            "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value=? AND name>",
            string.Join(" | ", top));
        top.Should().NotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal), "the index gives the name order");
    }

    private static IEnumerable<TestCaseData> SortedListings() =>
    [
        new TestCaseData(nameof(SortedListSql.DrivenAsc), SortedListSql.DrivenAsc, "attr_value>?").SetArgDisplayNames(nameof(SortedListSql.DrivenAsc)),
        new TestCaseData(nameof(SortedListSql.DrivenDesc), SortedListSql.DrivenDesc, null).SetArgDisplayNames(nameof(SortedListSql.DrivenDesc)),
        new TestCaseData(nameof(SortedListSql.DrivenDescFrom), SortedListSql.DrivenDescFrom, "attr_value<?").SetArgDisplayNames(nameof(SortedListSql.DrivenDescFrom)),
        new TestCaseData("AscOneKey", SortedListSql.Driven(ObjectSortField.Attribute, SortWalk.Ascending, 1), "attr_value>?").SetArgDisplayNames("AscOneKey"),
        new TestCaseData("DescOneKey", SortedListSql.Driven(ObjectSortField.Attribute, SortWalk.Descending, 1), null).SetArgDisplayNames("DescOneKey"),
        new TestCaseData("DescFromOneKey", SortedListSql.Driven(ObjectSortField.Attribute, SortWalk.DescendingFrom, 1), "attr_value<?").SetArgDisplayNames("DescFromOneKey"),
    ];

    /// <summary>
    /// A listing sorted by an attribute walks the listing index in the first key's order (from the position when
    /// there is one) and sorts only the ties of that key by the other keys: a sort of every object of the container
    /// ("USE TEMP B-TREE FOR ORDER BY") is the regression this catches.
    /// </summary>
    [TestCaseSource(nameof(SortedListings))]
    public async Task SortedListing_QueryPlan_WalksTheListingIndexInTheFirstKeysOrder(string name, string sql, string? bound)
    {
        IReadOnlyList<(long Parent, string Detail)> plan = await PlanStepsAsync(name, sql);
        List<string> top = [.. plan.Where(s => s.Parent == 0).Select(s => s.Detail)];

        top[0].Should().StartWith("SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=?", string.Join(" | ", top));
        if (bound is not null)
        {
            top[0].Should().Contain(bound, "the position bounds the walk");
        }

        top.Should().NotContain("USE TEMP B-TREE FOR ORDER BY", "only the ties of the first key are sorted");
        plan.Should().NotContain(step => step.Detail.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    private static IEnumerable<TestCaseData> FilterDrivenListings() =>
    [
        new TestCaseData(nameof(Sql.ListObjectsFromValueUnbounded), Sql.ListObjectsFromValueUnbounded, "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>?)").SetArgDisplayNames(nameof(Sql.ListObjectsFromValueUnbounded)),
        new TestCaseData(nameof(Sql.ListObjectsFromValueBounded), Sql.ListObjectsFromValueBounded, "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>?)").SetArgDisplayNames(nameof(Sql.ListObjectsFromValueBounded)),
        new TestCaseData(nameof(Sql.ListObjectsBetweenValuesUnbounded), Sql.ListObjectsBetweenValuesUnbounded, "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>? AND attr_value<?)").SetArgDisplayNames(nameof(Sql.ListObjectsBetweenValuesUnbounded)),
        new TestCaseData(nameof(Sql.ListObjectsBetweenValuesBounded), Sql.ListObjectsBetweenValuesBounded, "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>? AND attr_value<?)").SetArgDisplayNames(nameof(Sql.ListObjectsBetweenValuesBounded)),
        new TestCaseData(nameof(Sql.ListObjectsBySizeUnbounded), Sql.ListObjectsBySizeUnbounded, "SEARCH objects USING COVERING INDEX ix_objects_live_size* (container_id=? AND live_size>? AND live_size<?)").SetArgDisplayNames(nameof(Sql.ListObjectsBySizeUnbounded)),
        new TestCaseData(nameof(Sql.ListObjectsBySizeBounded), Sql.ListObjectsBySizeBounded, "SEARCH objects USING COVERING INDEX ix_objects_live_size* (container_id=? AND live_size>? AND live_size<?)").SetArgDisplayNames(nameof(Sql.ListObjectsBySizeBounded)),
        new TestCaseData(nameof(Sql.ProbeFromValue), Sql.ProbeFromValue, "SEARCH listing USING COVERING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>?)").SetArgDisplayNames(nameof(Sql.ProbeFromValue)),
        new TestCaseData(nameof(Sql.ProbeBetweenValues), Sql.ProbeBetweenValues, "SEARCH listing USING COVERING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>? AND attr_value<?)").SetArgDisplayNames(nameof(Sql.ProbeBetweenValues)),
        new TestCaseData(nameof(SortedListSql.FilteredFromValue), SortedListSql.FilteredFromValue, "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>?)").SetArgDisplayNames(nameof(SortedListSql.FilteredFromValue)),
        new TestCaseData(nameof(SortedListSql.FilteredBetweenValues), SortedListSql.FilteredBetweenValues, "SEARCH l USING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>? AND attr_value<?)").SetArgDisplayNames(nameof(SortedListSql.FilteredBetweenValues)),
        new TestCaseData(nameof(SortedListSql.FilteredBySize), SortedListSql.FilteredBySize, "SEARCH objects USING COVERING INDEX ix_objects_live_size* (container_id=? AND live_size>? AND live_size<?)").SetArgDisplayNames(nameof(SortedListSql.FilteredBySize)),
        new TestCaseData(nameof(Sql.ProbeSize), Sql.ProbeSize, "SEARCH objects USING COVERING INDEX ix_objects_live_size* (container_id=? AND live_size>? AND live_size<?)").SetArgDisplayNames(nameof(Sql.ProbeSize)),
        .. OtherValues(nameof(Sql.ListObjectsOtherValuesUnbounded), Sql.ListObjectsOtherValuesUnbounded),
        .. OtherValues(nameof(Sql.ListObjectsOtherValuesBounded), Sql.ListObjectsOtherValuesBounded),
        .. OtherValues(nameof(Sql.ProbeOtherValues), Sql.ProbeOtherValues),
        .. OtherValues(nameof(SortedListSql.FilteredOtherValues), SortedListSql.FilteredOtherValues),
    ];

    /// <summary>A <c>!=</c> statement reads both ranges beside the value (and so never the objects holding it): one case per range.</summary>
    private static TestCaseData[] OtherValues(string name, string sql)
    {
        string index = name == nameof(Sql.ProbeOtherValues) ? "COVERING INDEX" : "INDEX"; // the listings read each row's serial
        return
        [
            new TestCaseData(name, sql, $"SEARCH listing USING {index} ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value<?)").SetArgDisplayNames(name + "-below"),
            new TestCaseData(name, sql, $"SEARCH listing USING {index} ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value>?)").SetArgDisplayNames(name + "-above"),
        ];
    }

    private static readonly SortWindowPart[] s_oneKeyParts = [SortWindowPart.EdgeOne, SortWindowPart.TieEdge, SortWindowPart.Before, SortWindowPart.TieUpTo, SortWindowPart.TieFrom, SortWindowPart.Next];

    private static readonly SortWindowPart[] s_severalKeysParts = [SortWindowPart.Edge, SortWindowPart.Previous, SortWindowPart.Walk, SortWindowPart.Before, SortWindowPart.TieBeyond, SortWindowPart.Next];

    private static IEnumerable<TestCaseData> SortWindowStatements() =>
        from field in Enum.GetValues<ObjectSortField>()
        from walk in Enum.GetValues<SortWalk>()
        from keys in new[] { 1, ObjectStoreConstants.MaxListSortKeys }
        from part in keys == 1 ? s_oneKeyParts : s_severalKeysParts
        select new TestCaseData(field, (int)walk, keys, (int)part).SetArgDisplayNames($"{field}-{walk}-{keys}-{part}");

    /// <summary>
    /// A sorted walk's scan window: its edge and the value before it are read from the first key's index alone (a
    /// covering read, no table); the walk up to the edge and the last tie's look-up search that index by the edge
    /// value, and read no table whole.
    /// </summary>
    [TestCaseSource(nameof(SortWindowStatements))]
    public async Task SortWindow_QueryPlan_ReadsTheFirstKeysIndex(ObjectSortField field, int walkValue, int keys, int partValue)
    {
        var walk = (SortWalk)walkValue;
        var part = (SortWindowPart)partValue;
        string sql = SortedListSql.Window(field, walk, keys, part);
        string index = field switch
        {
            ObjectSortField.Attribute => "ix_listing_value (container_id=? AND domain=? AND attr_key=?",
            ObjectSortField.Name => "sqlite_autoindex_objects_1 (container_id=?",
            ObjectSortField.Size => "ix_objects_live_size",
            _ => "ix_objects_live_uuid (container_id=? AND live_uuid",
        };

        IReadOnlyList<(long Parent, string Detail)> plan = await PlanStepsAsync($"window-{field}-{walk}-{keys}-{part}", sql);
        List<string> top = [.. plan.Where(s => s.Parent == 0).Select(s => s.Detail)];

        string walkStep = top.First(step => !step.StartsWith("SEARCH c ", StringComparison.Ordinal) && !step.StartsWith("SEARCH a ", StringComparison.Ordinal));
        if (part is SortWindowPart.Edge or SortWindowPart.Previous or SortWindowPart.EdgeOne or SortWindowPart.TieEdge or SortWindowPart.Next or SortWindowPart.TieBeyond)
        {
            // One index range; a descending walk sorts each value's names (the index runs them backwards, or has none).
            top.Where(step => !step.StartsWith("USE TEMP B-TREE FOR RIGHT PART", StringComparison.Ordinal) && !step.StartsWith("USE TEMP B-TREE FOR LAST TERM", StringComparison.Ordinal))
                .Should().HaveCount(1, "one index range: " + string.Join(" | ", top));
            walkStep.Should().MatchRegex(@"^SEARCH (listing|objects) USING COVERING INDEX " + Regex.Escape(index));
        }
        else
        {
            walkStep.Should().MatchRegex(@"^SEARCH (l|o) USING (COVERING )?INDEX " + Regex.Escape(index), string.Join(" | ", top));
        }

        if (part is SortWindowPart.TieEdge && field != ObjectSortField.Name)
        {
            walkStep.Should().EndWith("=? AND name>?)", "the position's ties are counted from its name");
        }

        if (part is SortWindowPart.TieBeyond)
        {
            walkStep.Should().EndWith("=?)", "only the bound's ties are counted");
        }

        if (part is SortWindowPart.TieUpTo or SortWindowPart.TieFrom && field != ObjectSortField.Name)
        {
            // One value's ties between two names (from the position's name, or up to the window's last): an index
            // range in name order, not the tie from its first name.
            walkStep.Should().MatchRegex(part == SortWindowPart.TieUpTo ? @"=\? AND name>\? AND name<\?\)" : @"=\? AND name>\?\)", string.Join(" | ", top));
            top.Should().NotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal), "the index gives the ties in name order");
        }

        plan.Should().NotContain(step => step.Detail.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The end of a walk's scan window is found in the walk's own index, from the position on, without reading a
    /// table: the names for a name walk (and history), the equality's range of the listing index for its walk.
    /// </summary>
    [TestCase(nameof(Sql.NameWindow), "SEARCH objects USING COVERING INDEX sqlite_autoindex_objects_1 (container_id=? AND name>?)")]
    [TestCase(nameof(Sql.ValueWindow), "SEARCH listing USING COVERING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=? AND attr_value=? AND name>?)")]
    public async Task ScanWindow_QueryPlan_WalksTheIndexOfItsWalk(string name, string expected)
    {
        string sql = name == nameof(Sql.NameWindow) ? Sql.NameWindow : Sql.ValueWindow;

        IReadOnlyList<string> plan = await PlanAsync(name, sql);

        plan.Should().Equal([expected], "one index range in name order: no sort, no table");
    }

    /// <summary>
    /// A listing driven by a range, existence or size filter reads only the filter's range of its index (and sorts
    /// those matches by name, or by the sort keys): walking the container's names and testing each object, which scans no table yet reads
    /// every object when few match, is the plan regression this catches.
    /// </summary>
    [TestCaseSource(nameof(FilterDrivenListings))]
    public async Task FilterDrivenListing_QueryPlan_ReadsOnlyTheFiltersRange(string name, string sql, string expected)
    {
        IReadOnlyList<(long Parent, string Detail)> plan = await PlanStepsAsync(name, sql);

        // "*" stands for either size index (ascending or descending sizes serve a size range alike).
        var pattern = new Regex("^" + Regex.Escape(expected).Replace(@"\*", "(_desc)?", StringComparison.Ordinal) + "$");
        plan.Should().Contain(step => pattern.IsMatch(step.Detail), string.Join(" | ", plan.Select(s => s.Detail)));
        plan.Should().NotContain(step => step.Detail.Contains("sqlite_autoindex_objects_1", StringComparison.Ordinal), "the names are not walked");
        plan.Should().NotContain(step => step.Detail.Contains("AUTOMATIC", StringComparison.Ordinal), "each match is joined by its key");
        plan.Should().NotContain(step => step.Detail.StartsWith("SCAN ", StringComparison.Ordinal) && step.Detail != "SCAN p" && step.Detail != "SCAN q" && step.Detail != "SCAN m" && step.Detail != "SCAN CONSTANT ROW");
    }

    private static IEnumerable<TestCaseData> SystemSortedListings() =>
        from field in new[] { ObjectSortField.Name, ObjectSortField.Size, ObjectSortField.Uuid }
        from walk in Enum.GetValues<SortWalk>()
        from keys in new[] { 1, ObjectStoreConstants.MaxListSortKeys }
        select new TestCaseData(field, (int)walk, keys).SetArgDisplayNames($"{field}-{walk}-{keys}");

    /// <summary>
    /// A listing sorted by a system field walks that field's index (the names, or the live size or uuid of schema
    /// version 6) in its order: a sort of every object of the container ("USE TEMP B-TREE FOR ORDER BY") is the
    /// regression this catches. With one sort key, ascending, not even the ties are sorted.
    /// </summary>
    [TestCaseSource(nameof(SystemSortedListings))]
    public async Task SystemSortedListing_QueryPlan_WalksTheFieldsIndex(ObjectSortField field, int walkValue, int keys)
    {
        var walk = (SortWalk)walkValue;
        string sql = SortedListSql.Driven(field, walk, keys);
        string index = field switch
        {
            ObjectSortField.Name => "sqlite_autoindex_objects_1 (container_id=?",
            ObjectSortField.Size => "ix_objects_live_size", // either direction's index: with one key, the check below tells
            _ => "ix_objects_live_uuid (container_id=? AND live_uuid",
        };

        IReadOnlyList<(long Parent, string Detail)> plan = await PlanStepsAsync($"sorted-{field}-{walk}-{keys}", sql);
        List<string> top = [.. plan.Where(s => s.Parent == 0).Select(s => s.Detail)];

        top[0].Should().StartWith("SEARCH o USING INDEX " + index, string.Join(" | ", top));
        top.Should().NotContain("USE TEMP B-TREE FOR ORDER BY", "only the ties of the first key are sorted");
        if (keys == 1 && (walk == SortWalk.Ascending || field == ObjectSortField.Size))
        {
            // Descending sizes walk their own index (ties in ascending name order): many objects can share a size.
            top.Should().NotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal), "the index gives the whole order");
        }

        plan.Should().NotContain(step => step.Detail.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    /// <summary>A history listing walks the names from the marker and finds each object's version at the time in its own versions.</summary>
    [Test]
    public async Task HistoryListing_QueryPlan_WalksNamesAndLooksUpEachObjectsVersions()
    {
        IReadOnlyList<(long Parent, string Detail)> steps = await PlanStepsAsync("history", Sql.ListHistoryBounded);
        List<string> top = [.. steps.Where(s => s.Parent == 0).Select(s => s.Detail)];

        top[0].Should().StartWith("SEARCH o USING COVERING INDEX sqlite_autoindex_objects_1 (container_id=? AND name>? AND name<?)", string.Join(" | ", top));
        steps.Should().Contain(step => step.Detail.StartsWith("SEARCH h USING INDEX ix_versions_object_serial (object_id=?)", StringComparison.Ordinal), string.Join(" | ", steps.Select(s => s.Detail)));
        top.Should().NotContain(step => step.Contains("TEMP B-TREE", StringComparison.Ordinal), "the names come in order");
    }

    [Test]
    public async Task SortedListing_LargestCountAndMetadataQueries_ScanNoTable()
    {
        IReadOnlyList<string> largestName = await PlanAsync("largest-name", SortedListSql.LargestName);
        IReadOnlyList<string> largestUuid = await PlanAsync("largest-uuid", SortedListSql.LargestUuid);
        IReadOnlyList<string> largestValue = await PlanAsync("largest-value", SortedListSql.LargestValue);
        IReadOnlyList<string> metadata = await PlanAsync("metadata", SortedListSql.MetadataOfSerials.Replace("@Serials", "(@S1, @S2)", StringComparison.Ordinal));

        IReadOnlyList<string> missing = await PlanAsync("missing", SortedListSql.CountMissing);

        largestName.Should().Equal(["SEARCH objects USING COVERING INDEX sqlite_autoindex_objects_1 (container_id=?)"]);
        largestUuid.Should().Equal(["SEARCH objects USING COVERING INDEX ix_objects_live_uuid (container_id=?)"]);
        largestValue.Should().Equal(["SEARCH listing USING COVERING INDEX ix_listing_value (container_id=? AND domain=? AND attr_key=?)"]);
        missing.Should().HaveCount(5).And.OnlyContain(step => step == "SCAN CONSTANT ROW" || step.StartsWith("SCALAR SUBQUERY", StringComparison.Ordinal) || step.Contains("(container_id=? AND domain=? AND attr_key=?)", StringComparison.Ordinal), string.Join(" | ", missing));
        metadata.Should().ContainSingle().Which.Should().StartWith("SEARCH attributes USING INDEX sqlite_autoindex_attributes_1 (serial=? AND domain=?)");
    }

    /// <summary>
    /// The permissions in force on a listed object are looked up between its name's first segment and the name, not
    /// among every permission path before the name (which grows with the shared or public objects of the container).
    /// </summary>
    [Test]
    public async Task Listing_PermissionLookUps_AreBoundedOnBothSides()
    {
        IReadOnlyList<string> plan = await PlanAsync("permissions", Sql.ListObjectsUnbounded);

        List<string> lookUps = [.. plan.Where(step => step.StartsWith("SEARCH q ", StringComparison.Ordinal) || step.StartsWith("SEARCH s ", StringComparison.Ordinal))];
        lookUps.Should().HaveCount(3).And.OnlyContain(step => step.Contains("(container_id=? AND path>? AND path<?)", StringComparison.Ordinal), string.Join(" | ", plan));
    }

    [TestCase("abc/def", 4L)]
    [TestCase("abc", 0L)]
    [TestCase("/", 1L)]
    [TestCase("\U0001F600\U0001F600/x", 3L)]
    public async Task StrPos_CountsCodePointsAsSubstrDoes(string text, long expected)
    {
        string database = _directory!.Combine("strpos.db");
        await using SqliteConnection connection = await new SqliteConnectionFactory(database, TimeSpan.FromSeconds(5)).OpenAsync(CancellationToken.None);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT strpos(@Text, '/'), substr(@Text, 1, strpos(@Text, '/'))";
        command.Parameters.AddWithValue("@Text", text);
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        reader.GetInt64(0).Should().Be(expected);
        reader.GetString(1).Should().Be(expected == 0 ? string.Empty : text[..(text.IndexOf('/', StringComparison.Ordinal) + 1)]);
    }

    [Test]
    public async Task WithItemScans_AllowOnlyTheStatementsOwnWithItems()
    {
        IReadOnlyList<string> plan = await PlanAsync("with", "WITH t(x) AS (SELECT 1) SELECT v.serial FROM t q JOIN versions v ON v.muser = 'a'");
        HashSet<string> allowed = WithItemScans("WITH t(x) AS (SELECT 1) SELECT v.serial FROM t q JOIN versions v ON v.muser = 'a'");

        allowed.Should().Contain("SCAN q").And.NotContain("SCAN v");
        plan.Should().Contain(step => step.StartsWith("SCAN v", StringComparison.Ordinal), "a scan of a table is still reported");
    }

    [Test]
    public async Task PlanAsync_UnindexedQuery_ShowsTheScan()
    {
        IReadOnlyList<string> plan = await PlanAsync("sanity", "SELECT serial FROM versions WHERE muser = @User");

        plan.Should().Contain(step => step.StartsWith("SCAN ", StringComparison.Ordinal));
    }

    /// <summary>
    /// The plan steps that read a statement's own <c>WITH</c> items (a handful of rows it computes, such as the forms
    /// of a member), which are not tables: <c>SCAN CONSTANT ROW</c> and <c>SCAN alias</c> for each alias of a
    /// <c>WITH</c> item.
    /// </summary>
    private static HashSet<string> WithItemScans(string sql)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal) { "SCAN CONSTANT ROW" };
        foreach (Match item in Regex.Matches(sql, @"(\w+)\s*\([\w\s,]*\)\s+AS\s*(?:MATERIALIZED\s*)?\(", RegexOptions.IgnoreCase))
        {
            string cte = item.Groups[1].Value;
            allowed.Add("SCAN " + cte);
            foreach (Match alias in Regex.Matches(sql, $@"\b{cte}\s+(\w+)", RegexOptions.IgnoreCase))
            {
                allowed.Add("SCAN " + alias.Groups[1].Value);
            }
        }

        return allowed;
    }

    private async Task<IReadOnlyList<string>> PlanAsync(string name, string sql) =>
        [.. (await PlanStepsAsync(name, sql)).Select(s => s.Detail)];

    /// <summary>The plan's steps with their parent step (0: a step of the statement itself, not of a sub-query).</summary>
    private async Task<IReadOnlyList<(long Parent, string Detail)>> PlanStepsAsync(string name, string sql)
    {
        string database = _directory!.Combine($"{name}.db");
        using (await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = database }, new InMemoryBlockStore(4096)))
        {
        }

        // The store's own connections: the shared statements use functions the factory defines (strpos).
        await using SqliteConnection connection = await new SqliteConnectionFactory(database, TimeSpan.FromSeconds(5)).OpenAsync(CancellationToken.None);
        await using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<(long Parent, string Detail)>();
        await using SqliteDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add((reader.GetInt64(1), reader.GetString(3)));
        }

        return plan;
    }
}
