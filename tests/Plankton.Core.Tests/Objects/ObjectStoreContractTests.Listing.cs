using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Tests.Objects;

/// <summary>Listing accounts, containers and objects: ranges, paging, subdirectories, filters, visibility.</summary>
public abstract partial class ObjectStoreContractTests
{
    [Test]
    public async Task ListObjectsAsync_NoOptions_ListsLiveObjectsInNameOrder()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "b", "a/x", "c", "a" })
        {
            await WriteAsync(store, name, [1]);
        }

        await store.DeleteAsync(Owner, PathOf("c"));

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container);

        page.Entries.Select(e => e.Name).Should().Equal("a", "a/x", "b");
        page.Entries.Should().OnlyContain(e => !e.IsSubdirectory && e.Info != null && e.Info.Size == 1);
        page.NextMarker.Should().BeNull();
    }

    [Test]
    public async Task ListObjectsAsync_Prefix_ListsOnlyNamesStartingWithIt()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "photos/a", "photos/b/c", "photosx", "photo", "z" })
        {
            await WriteAsync(store, name, [1]);
        }

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Prefix = "photos/" });

        page.Entries.Select(e => e.Name).Should().Equal("photos/a", "photos/b/c");
    }

    [Test]
    public async Task ListObjectsAsync_Delimiter_ReportsEachSubdirectoryOnce()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "photos/animals/cat", "photos/animals/dog", "photos/me.jpg", "photos/plants/rose", "photos/plants/x/y", "other" })
        {
            await WriteAsync(store, name, [1]);
        }

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Prefix = "photos/", Delimiter = '/' });
        ObjectListPage top = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Delimiter = '/' });

        page.Entries.Select(e => (e.Name, e.IsSubdirectory)).Should().Equal(("photos/animals/", true), ("photos/me.jpg", false), ("photos/plants/", true));
        page.Entries.Where(e => e.IsSubdirectory).Should().OnlyContain(e => e.Info == null);
        top.Entries.Select(e => e.Name).Should().Equal("other", "photos/");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public async Task ListObjectsAsync_DelimiterWithPaging_ReturnsEveryEntryOnce(int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "a", "d1/x", "d1/y", "d1/z/w", "e", "d2/x", "f" })
        {
            await WriteAsync(store, name, [1]);
        }

        List<string> names = await ListAllNamesAsync(store, Owner, new ListObjectsOptions { Delimiter = '/', Limit = limit });

        names.Should().Equal("a", "d1/", "d2/", "e", "f");
    }

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(7)]
    [TestCase(20)]
    public async Task ListObjectsAsync_MarkerAndLimit_ReturnEveryObjectExactlyOnce(int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        string[] expected = [.. Enumerable.Range(0, 20).Select(i => $"obj-{i:D2}")];
        foreach (string name in expected.Reverse())
        {
            await WriteAsync(store, name, [1]);
        }

        var pages = new List<ObjectListPage>();
        var options = new ListObjectsOptions { Limit = limit };
        do
        {
            ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, options);
            pages.Add(page);
            options.Marker = page.NextMarker;
        }
        while (options.Marker is not null);

        pages.SelectMany(p => p.Entries).Select(e => e.Name).Should().Equal(expected);
        pages.Should().HaveCount((20 + limit - 1) / limit, "no trailing empty page");
        pages.SkipLast(1).Where(p => p.Entries.Count != limit).Should().BeEmpty("every page but the last is full");
    }

    [Test]
    public async Task ListObjectsAsync_MarkerBetweenNames_StartsAfterIt()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "a", "b", "c" })
        {
            await WriteAsync(store, name, [1]);
        }

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Marker = "aa" });

        page.Entries.Select(e => e.Name).Should().Equal("b", "c");
    }

    [Test]
    public async Task ListObjectsAsync_Domain_ListsOnlyObjectsWithKeysInIt()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteWithMetadataAsync(store, "in", Domain, new() { ["k"] = "v" });
        await WriteWithMetadataAsync(store, "other-domain", "pithos", new() { ["k"] = "v" });
        await WriteAsync(store, "bare", [1]);

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Domain = Domain });

        page.Entries.Select(e => e.Name).Should().Equal("in");
    }

    [TestCase(new[] { "k" }, new[] { "a", "b" })]
    [TestCase(new[] { "!k" }, new[] { "c" })]
    [TestCase(new[] { "k = b" }, new[] { "a" })]
    [TestCase(new[] { "k != b" }, new[] { "b" })]
    [TestCase(new[] { "k < d" }, new[] { "a" })]
    [TestCase(new[] { "k <= d" }, new[] { "a", "b" })]
    [TestCase(new[] { "k > b" }, new[] { "b" })]
    [TestCase(new[] { "k >= b" }, new[] { "a", "b" })]
    [TestCase(new[] { "name = my disk" }, new[] { "a" })]
    [TestCase(new[] { "  name=my disk  " }, new[] { "a" })]
    [TestCase(new[] { "name != my disk" }, new[] { "c" })]
    [TestCase(new[] { "name = my" }, new string[0])]
    [TestCase(new[] { "k", "name = my disk" }, new[] { "a" })]
    [TestCase(new[] { "k", "!name" }, new[] { "b" })]
    [TestCase(new[] { "!k", "!name" }, new string[0])]
    public async Task ListObjectsAsync_AttributeFilters_MatchWithAndSemantics(string[] expressions, string[] expected)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteWithMetadataAsync(store, "a", Domain, new() { ["k"] = "b", ["name"] = "my disk" });
        await WriteWithMetadataAsync(store, "b", Domain, new() { ["k"] = "d" });
        await WriteWithMetadataAsync(store, "c", Domain, new() { ["name"] = "your disk" });
        await WriteAsync(store, "d", [1]);

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
        {
            Domain = Domain,
            Filters = [.. expressions.Select(AttributeFilter.Parse)],
        });

        page.Entries.Select(e => e.Name).Should().Equal(expected);
    }

    [TestCase("k", AttributeFilterOperator.Exists, null)]
    [TestCase(" !k ", AttributeFilterOperator.NotExists, null)]
    [TestCase("k=v", AttributeFilterOperator.Equal, "v")]
    [TestCase("k != two words", AttributeFilterOperator.NotEqual, "two words")]
    [TestCase("k<v", AttributeFilterOperator.LessThan, "v")]
    [TestCase("k <= v", AttributeFilterOperator.LessThanOrEqual, "v")]
    [TestCase("k>v", AttributeFilterOperator.GreaterThan, "v")]
    [TestCase("k >= a b c", AttributeFilterOperator.GreaterThanOrEqual, "a b c")]
    [TestCase("my key = v = w", AttributeFilterOperator.Equal, "v = w")]
    public void AttributeFilterParse_ValidExpression_ReturnsTheTypedFilter(string expression, AttributeFilterOperator op, string? value)
    {
        AttributeFilter filter = AttributeFilter.Parse(expression);

        filter.Operator.Should().Be(op);
        filter.Value.Should().Be(value);
        AttributeFilter.Parse(filter.ToString()).Should().BeEquivalentTo(filter);
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("= v")]
    [TestCase("k =")]
    [TestCase("k >=   ")]
    [TestCase("!")]
    [TestCase("!k = v")]
    public void AttributeFilterParse_InvalidExpression_ThrowsArgumentNamingIt(string expression)
    {
        Action act = () => AttributeFilter.Parse(expression);

        var error = act.Should().Throw<ArgumentException>().Which;
        if (expression.Trim().Length > 0)
        {
            error.Message.Should().Contain($"'{expression}'");
        }
    }

    [Test]
    public void AttributeFilterParse_ControlCharacterInKey_ThrowsInvalidObjectNameNamingTheExpression()
    {
        Action act = () => AttributeFilter.Parse("k\u0001 = v");

        act.Should().Throw<InvalidObjectNameException>().Which.Message.Should().Contain("filter expression");
    }

    [Test]
    public async Task ListObjectsAsync_FiltersWithoutDomainOrBadLimit_Throw()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> noDomain = async () => await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Filters = [AttributeFilter.Parse("k")] });
        Func<Task> zero = async () => await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Limit = 0 });
        Func<Task> tooMany = async () => await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Limit = ObjectStoreConstants.MaxListLimit + 1 });

        (await noDomain.Should().ThrowAsync<ArgumentException>()).Which.Message.Should().Contain("'k'");
        await zero.Should().ThrowAsync<ArgumentOutOfRangeException>();
        await tooMany.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task ListObjectsAsync_SizeRange_IsInclusiveAtBothEnds()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (int size in new[] { 0, 9, 10, 15, 20, 21 })
        {
            await WriteAsync(store, $"s{size:D2}", new byte[size]);
        }

        ObjectListPage both = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { MinSize = 10, MaxSize = 20 });
        ObjectListPage min = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { MinSize = 21 });
        ObjectListPage max = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { MaxSize = 0 });

        both.Entries.Select(e => e.Name).Should().Equal("s10", "s15", "s20");
        min.Entries.Select(e => e.Name).Should().Equal("s21");
        max.Entries.Select(e => e.Name).Should().Equal("s00");
    }

    [Test]
    public async Task ListObjectsAsync_SharedAndPublicFlags_SelectByPermissionsInForce()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "pub", "shared/a", "shared/b", "priv", "open/x" })
        {
            await WriteAsync(store, name, [1]);
        }

        await store.SetPermissionsAsync(Owner, PathOf("pub"), new ObjectPermissions([ObjectPermissions.Everyone], null));
        await store.SetPermissionsAsync(Owner, PathOf("shared"), new ObjectPermissions([Member], null));
        await store.SetPermissionsAsync(Owner, PathOf("shared/b"), new ObjectPermissions(null, [ObjectPermissions.Everyone]));
        await store.SetPermissionsAsync(Owner, PathOf("open"), new ObjectPermissions([ObjectPermissions.Everyone], null));

        ObjectListPage shared = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { SharedOnly = true });
        ObjectListPage isPublic = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { PublicOnly = true });

        shared.Entries.Select(e => e.Name).Should().Equal("open/x", "pub", "shared/a", "shared/b");
        isPublic.Entries.Select(e => e.Name).Should().Equal("open/x", "pub", "shared/b");
    }

    [Test]
    public async Task ListObjectsAsync_ByNonOwners_HidesWhatTheyCannotRead()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "f/a", "f/b", "f/secret/x", "g/team", "pub", "priv" })
        {
            await WriteAsync(store, name, [1]);
        }

        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember]);
        await store.SetPermissionsAsync(Owner, PathOf("f"), new ObjectPermissions(null, [Member]));
        await store.SetPermissionsAsync(Owner, PathOf("f/secret"), new ObjectPermissions([GroupMember], null));
        await store.SetPermissionsAsync(Owner, PathOf("g"), new ObjectPermissions([$"{Owner}:team"], null));
        await store.SetPermissionsAsync(Owner, PathOf("pub"), new ObjectPermissions([ObjectPermissions.Everyone], null));

        (await ListAllNamesAsync(store, Owner, new ListObjectsOptions())).Should().HaveCount(6);
        (await ListAllNamesAsync(store, Member, new ListObjectsOptions())).Should().Equal("f/a", "f/b", "pub");
        (await ListAllNamesAsync(store, GroupMember, new ListObjectsOptions())).Should().Equal("f/secret/x", "g/team", "pub");
        (await ListAllNamesAsync(store, Stranger, new ListObjectsOptions())).Should().Equal("pub");
        (await ListAllNamesAsync(store, Member, new ListObjectsOptions { Delimiter = '/', Limit = 1 })).Should().Equal("f/", "pub");
    }

    [Test]
    public async Task ListContainersAsync_OwnerSeesAllOthersSeeShared()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.EnsureContainerAsync(Owner, Owner, "backups");
        await store.EnsureContainerAsync(Owner, Owner, "public");
        await store.SetGroupAsync(Owner, Owner, "team", [GroupMember]);
        await store.SetPermissionsAsync(Owner, PathOf("x"), new ObjectPermissions([Member], null));
        await store.SetPermissionsAsync(Owner, new ObjectPath(Owner, "backups", "y"), new ObjectPermissions([$"{Owner}:team"], null));
        await store.SetPermissionsAsync(Owner, new ObjectPath(Owner, "public", "z"), new ObjectPermissions([ObjectPermissions.Everyone], null));

        (await store.ListContainersAsync(Owner, Owner)).Should().Equal("backups", Container, "public");
        (await store.ListContainersAsync(Member, Owner)).Should().Equal(Container, "public");
        (await store.ListContainersAsync(GroupMember, Owner)).Should().Equal("backups", "public");
        (await store.ListContainersAsync(Stranger, Owner)).Should().Equal("public");
        (await store.ListContainersAsync(Stranger, "nobody")).Should().BeEmpty();
        Func<Task> missing = async () => await store.ListContainersAsync("nobody", "nobody");
        (await missing.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Account);
    }

    [Test]
    public async Task ListAccountsAsync_ListsOwnAndSharedAccounts()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await store.EnsureAccountAsync(Member, Member);
        await store.EnsureAccountAsync("zed", "zed");
        await store.EnsureContainerAsync("zed", "zed", "c");
        await store.SetPermissionsAsync(Owner, PathOf("x"), new ObjectPermissions(null, [Member]));

        (await store.ListAccountsAsync(Owner)).Should().Equal(Owner);
        (await store.ListAccountsAsync(Member)).Should().Equal(Owner, Member);
        (await store.ListAccountsAsync(Stranger)).Should().BeEmpty();

        await store.SetPermissionsAsync("zed", new ObjectPath("zed", "c", "p"), new ObjectPermissions([ObjectPermissions.Everyone], null));

        (await store.ListAccountsAsync(Stranger)).Should().Equal("zed");
    }

    [Test]
    public async Task ListObjectsAsync_MissingContainer_OwnerGetsNotFound()
    {
        IObjectStore store = await NewStoreWithContainerAsync();

        Func<Task> container = async () => await store.ListObjectsAsync(Owner, Owner, "nope");
        Func<Task> account = async () => await store.ListObjectsAsync("nobody", "nobody", "nope");

        (await container.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Container);
        (await account.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Account);
    }

    [Test]
    public async Task ListObjectsAsync_EqualityFilter_FollowsEveryChangeOfTheLatestVersion()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        foreach (string name in new[] { "changed", "deleted", "kept", "moved", "overwritten", "replaced", "source" })
        {
            await WriteWithMetadataAsync(store, name, Domain, new() { ["k"] = "v" });
        }

        await WriteWithMetadataAsync(store, "gains", Domain, new() { ["k"] = "w" });
        await store.UpdateMetadataAsync(Owner, PathOf("changed"), Domain, new Dictionary<string, string> { ["k"] = "w" });
        await store.UpdateMetadataAsync(Owner, PathOf("gains"), Domain, new Dictionary<string, string> { ["k"] = "v" });
        await store.UpdateMetadataAsync(Owner, PathOf("replaced"), Domain, new Dictionary<string, string> { ["other"] = "v" }, replace: true);
        await store.DeleteAsync(Owner, PathOf("deleted"));
        await store.MoveAsync(Owner, PathOf("moved"), PathOf("moved-to"));
        await store.CopyAsync(Owner, PathOf("source"), PathOf("source-copy"));
        await store.WriteAsync(Owner, PathOf("overwritten"), new MemoryStream([2]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["k"] = "x" } });
        await WriteAsync(store, "deleted", [3]); // re-created without metadata

        List<string> names = await ListAllNamesAsync(store, Owner, new ListObjectsOptions
        {
            Domain = Domain,
            Filters = [AttributeFilter.Parse("k = v")],
            Limit = 2,
        });

        names.Should().Equal("gains", "kept", "moved-to", "source", "source-copy");
    }

    [Test]
    public async Task ListObjectsAsync_EqualityFilterWithOtherConditions_AppliesAllOfThem()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteWithMetadataAsync(store, "a/1", Domain, new() { ["k"] = "v", ["os"] = "linux" });
        await WriteWithMetadataAsync(store, "a/2", Domain, new() { ["k"] = "v", ["os"] = "bsd" });
        await WriteWithMetadataAsync(store, "a/3", Domain, new() { ["k"] = "v", ["os"] = "linux" });
        await WriteWithMetadataAsync(store, "b/1", Domain, new() { ["k"] = "v", ["os"] = "linux" });
        await store.WriteAsync(Owner, PathOf("a/4"), new MemoryStream(new byte[10]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["k"] = "v", ["os"] = "linux" } });

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
        {
            Domain = Domain,
            Prefix = "a/",
            Marker = "a/1",
            MaxSize = 5,
            Filters = [AttributeFilter.Parse("os != bsd"), AttributeFilter.Parse("k = v")],
        });

        page.Entries.Select(e => e.Name).Should().Equal("a/3");
    }

    [TestCase(false, new[] { "none", "a1", "a2", "b", "c" })]
    [TestCase(true, new[] { "c", "b", "a1", "a2", "none" })]
    public async Task ListObjectsAsync_SortByAttribute_OrdersByValueThenNameWithMissingAsEmpty(bool descending, string[] expected)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteKeyedObjectsAsync(store);
        await WriteAsync(store, "bare", [1]); // no key in the domain: not listed

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
        {
            Domain = Domain,
            Sort = [new ObjectSortKey("k", descending)],
        });

        page.Entries.Select(e => e.Name).Should().Equal(expected);
        page.NextMarker.Should().BeNull();
        page.NextSortValues.Should().BeNull();
    }

    [TestCase(false, "k", new[] { "a1", "a2", "b", "c" })]
    [TestCase(true, "k", new[] { "c", "b", "a1", "a2" })]
    [TestCase(false, "k >= 2", new[] { "b", "c" })]
    [TestCase(true, "!k", new[] { "none" })]
    [TestCase(false, "other", new[] { "none" })]
    public async Task ListObjectsAsync_SortByAttributeWithAFilterOnIt_ListsWhatTheFilterKeeps(bool descending, string filter, string[] expected)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteKeyedObjectsAsync(store);

        List<string> names = await ListAllSortedAsync(store, new ListObjectsOptions
        {
            Domain = Domain,
            Filters = [AttributeFilter.Parse(filter)],
            Sort = [new ObjectSortKey("k", descending)],
            Limit = 1,
        });

        names.Should().Equal(expected);
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(50)]
    public async Task ListObjectsAsync_SortedPagesWithTies_ReturnEveryObjectOnceInOrder(int limit)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        string[] tiers = ["gold", "silver", "bronze"];
        for (int i = 0; i < 12; i++)
        {
            var metadata = new Dictionary<string, string>();
            if (i % 5 != 4)
            {
                metadata["tier"] = tiers[i % 3];
            }

            metadata["n"] = $"{i}";
            await store.WriteAsync(Owner, PathOf($"o{i:D2}"), new MemoryStream(new byte[i % 4 + 1]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = metadata });
        }

        foreach (ObjectSortKey[] sort in new[]
        {
            new[] { new ObjectSortKey("tier", true), new ObjectSortKey(ObjectSortField.Size, false) },
            [new ObjectSortKey("tier", false), new ObjectSortKey(ObjectSortField.Size, true)],
            [new ObjectSortKey(ObjectSortField.Size, true), new ObjectSortKey("tier", false)],
        })
        {
            List<string> all = (await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Domain = Domain, Sort = sort, Limit = 100 }))
                .Entries.Select(e => e.Name).ToList();
            List<string> paged = await ListAllSortedAsync(store, new ListObjectsOptions { Domain = Domain, Sort = sort, Limit = limit });

            all.Should().HaveCount(12).And.OnlyHaveUniqueItems();
            paged.Should().Equal(all, "paging by {0} keeps the order of one page", string.Join(", ", sort.Select(k => k.ToString())));
            all.Should().Equal(all.OrderBy(n => n, Comparer<string>.Create((x, y) => CompareBy(sort, x, y))), "the order is the sort keys then the name");
        }
    }

    [Test]
    public async Task ListObjectsAsync_SortBySystemFields_OrdersByNameSizeAndUuid()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        var infos = new List<ObjectInfo>();
        foreach ((string name, int size) in new[] { ("b", 3), ("a", 2), ("d", 2), ("c", 1) })
        {
            infos.Add((await store.WriteAsync(Owner, PathOf(name), new MemoryStream(new byte[size]), new ObjectWriteOptions { MetadataDomain = Domain, Metadata = new Dictionary<string, string> { ["k"] = "v" } })).Info);
        }

        async Task<List<string>> SortedAsync(params ObjectSortKey[] sort) =>
            await ListAllSortedAsync(store, new ListObjectsOptions { Domain = Domain, Sort = sort, Limit = 1 });

        (await SortedAsync(new ObjectSortKey(ObjectSortField.Name, true))).Should().Equal("d", "c", "b", "a");
        (await SortedAsync(new ObjectSortKey(ObjectSortField.Size, false))).Should().Equal("c", "a", "d", "b");
        (await SortedAsync(new ObjectSortKey(ObjectSortField.Size, true), new ObjectSortKey(ObjectSortField.Name, true))).Should().Equal("b", "d", "a", "c");
        (await SortedAsync(new ObjectSortKey(ObjectSortField.Uuid, false))).Should().Equal(infos.OrderBy(i => i.Uuid).Select(i => i.Path.Name));
        (await SortedAsync(new ObjectSortKey(ObjectSortField.Uuid, true))).Should().Equal(infos.OrderByDescending(i => i.Uuid).Select(i => i.Path.Name));
    }

    [Test]
    public async Task ListObjectsAsync_SortWithFilters_AppliesEveryConditionAndFollowsChanges()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteWithMetadataAsync(store, "x/1", Domain, new() { ["t"] = "2026-01", ["os"] = "linux", ["f"] = "qcow2" });
        await WriteWithMetadataAsync(store, "x/2", Domain, new() { ["t"] = "2026-03", ["os"] = "linux", ["f"] = "raw" });
        await WriteWithMetadataAsync(store, "x/3", Domain, new() { ["t"] = "2026-02", ["os"] = "linux", ["f"] = "qcow2" });
        await WriteWithMetadataAsync(store, "x/4", Domain, new() { ["t"] = "2026-04", ["os"] = "bsd", ["f"] = "qcow2" });
        await WriteWithMetadataAsync(store, "y/5", Domain, new() { ["t"] = "2026-05", ["os"] = "linux", ["f"] = "qcow2" });
        await WriteWithMetadataAsync(store, "x/6", Domain, new() { ["t"] = "2026-06", ["os"] = "linux", ["f"] = "qcow2" });
        await store.UpdateMetadataAsync(Owner, PathOf("x/6"), Domain, new Dictionary<string, string> { ["t"] = "2025-12" });
        await store.DeleteAsync(Owner, PathOf("x/3"));
        await WriteWithMetadataAsync(store, "x/7", Domain, new() { ["t"] = "2026-07", ["os"] = "linux", ["f"] = "qcow2" });
        await store.WriteAsync(Owner, PathOf("x/7"), new MemoryStream(new byte[9]), new ObjectWriteOptions());

        List<string> names = await ListAllSortedAsync(store, new ListObjectsOptions
        {
            Domain = Domain,
            Prefix = "x/",
            MaxSize = 5,
            Filters = [AttributeFilter.Parse("os = linux"), AttributeFilter.Parse("f = qcow2")],
            Sort = [new ObjectSortKey("t", true)],
            Limit = 1,
        });

        names.Should().Equal("x/1", "x/6");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ListObjectsAsync_IncludeMetadata_ReturnsEachObjectsDomainKeys(bool sorted)
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        await WriteWithMetadataAsync(store, "a", Domain, new() { ["k"] = "1", ["name"] = "disk a" });
        await WriteWithMetadataAsync(store, "b", Domain, new() { ["k"] = "2" });
        await store.UpdateMetadataAsync(Owner, PathOf("b"), "pithos", new Dictionary<string, string> { ["elsewhere"] = "x" });
        await WriteWithMetadataAsync(store, "c", Domain, new() { ["k"] = "3" });

        ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions
        {
            Domain = Domain,
            IncludeMetadata = true,
            Sort = sorted ? [new ObjectSortKey("k", true)] : null,
            Limit = 2,
        });
        ObjectListPage plain = await store.ListObjectsAsync(Owner, Owner, Container, new ListObjectsOptions { Domain = Domain });

        page.Entries.Select(e => e.Name).Should().Equal(sorted ? ["c", "b"] : ["a", "b"]);
        page.Entries.Should().OnlyContain(e => e.Metadata != null && e.Metadata.Count >= 1);
        IReadOnlyDictionary<string, string> b = page.Entries.Single(e => e.Name == "b").Metadata!;
        b.Should().Equal(new Dictionary<string, string> { ["k"] = "2" });
        if (!sorted)
        {
            page.Entries[0].Metadata.Should().Equal(new Dictionary<string, string> { ["k"] = "1", ["name"] = "disk a" });
        }

        plain.Entries.Should().OnlyContain(e => e.Metadata == null, "metadata comes only when asked for");
    }

    [Test]
    public async Task ListObjectsAsync_SortOptionsThatDoNotFit_ThrowArgumentException()
    {
        IObjectStore store = await NewStoreWithContainerAsync();
        ObjectSortKey byKey = new("k", false);
        ListObjectsOptions[] bad =
        [
            new() { Sort = [byKey] },
            new() { Domain = Domain, Sort = [byKey], Delimiter = '/' },
            new() { Domain = Domain, Sort = [] },
            new() { Domain = Domain, Sort = [.. Enumerable.Repeat(byKey, ObjectStoreConstants.MaxListSortKeys + 1)] },
            new() { Domain = Domain, Sort = [byKey], SortAfter = ["a", "b"] },
            new() { Domain = Domain, SortAfter = ["a"] },
            new() { Sort = [new ObjectSortKey(ObjectSortField.Size, false)], SortAfter = ["ten"] },
            new() { IncludeMetadata = true },
        ];

        foreach (ListObjectsOptions options in bad)
        {
            Func<Task> act = async () => await store.ListObjectsAsync(Owner, Owner, Container, options);

            await act.Should().ThrowAsync<ArgumentException>();
        }
    }

    [Test]
    public void ObjectSortKey_AttributeWithoutKey_Throws()
    {
        Action noKey = () => _ = new ObjectSortKey(string.Empty, false);
        Action attributeField = () => _ = new ObjectSortKey(ObjectSortField.Attribute, false);

        noKey.Should().Throw<InvalidObjectNameException>();
        attributeField.Should().Throw<ArgumentOutOfRangeException>();
        new ObjectSortKey("created_at", true).ToString().Should().Be("created_at:desc");
    }

    /// <summary>The order a sorted listing promises, computed from the test data: "tier" (missing as empty), size, then name.</summary>
    private static int CompareBy(IEnumerable<ObjectSortKey> sort, string x, string y)
    {
        int index(string name) => int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture);
        string tier(int i) => i % 5 == 4 ? string.Empty : new[] { "gold", "silver", "bronze" }[i % 3];
        foreach (ObjectSortKey key in sort)
        {
            int c = key.Field == ObjectSortField.Size
                ? ((index(x) % 4) + 1).CompareTo((index(y) % 4) + 1)
                : string.CompareOrdinal(tier(index(x)), tier(index(y)));
            if (c != 0)
            {
                return key.Descending ? -c : c;
            }
        }

        return string.CompareOrdinal(x, y);
    }

    /// <summary>Objects for the attribute sorts: <c>k</c> = 1 (a1, a2), 2 (b), 3 (c), and one without <c>k</c> (none).</summary>
    private static async Task WriteKeyedObjectsAsync(IObjectStore store)
    {
        await WriteWithMetadataAsync(store, "b", Domain, new() { ["k"] = "2" });
        await WriteWithMetadataAsync(store, "a2", Domain, new() { ["k"] = "1" });
        await WriteWithMetadataAsync(store, "c", Domain, new() { ["k"] = "3" });
        await WriteWithMetadataAsync(store, "none", Domain, new() { ["other"] = "x" });
        await WriteWithMetadataAsync(store, "a1", Domain, new() { ["k"] = "1" });
    }

    private static async Task<List<string>> ListAllSortedAsync(IObjectStore store, ListObjectsOptions options)
    {
        var names = new List<string>();
        int pages = 0;
        do
        {
            ObjectListPage page = await store.ListObjectsAsync(Owner, Owner, Container, options);
            names.AddRange(page.Entries.Select(e => e.Name));
            (page.NextMarker is null).Should().Be(page.NextSortValues is null, "a sorted page continues from its marker and sort values");
            options.Marker = page.NextMarker;
            options.SortAfter = page.NextSortValues;
            (++pages).Should().BeLessThan(100, "paging must end");
        }
        while (options.Marker is not null);

        return names;
    }

    private static async Task<List<string>> ListAllNamesAsync(IObjectStore store, string user, ListObjectsOptions options)
    {
        var names = new List<string>();
        options.Marker = null;
        int pages = 0;
        do
        {
            ObjectListPage page = await store.ListObjectsAsync(user, Owner, Container, options);
            names.AddRange(page.Entries.Select(e => e.Name));
            options.Marker = page.NextMarker;
            (++pages).Should().BeLessThan(100, "paging must end");
        }
        while (options.Marker is not null);

        return names;
    }

    private static async Task<ObjectInfo> WriteWithMetadataAsync(IObjectStore store, string name, string domain, Dictionary<string, string> metadata) =>
        (await store.WriteAsync(Owner, PathOf(name), new MemoryStream([1]), new ObjectWriteOptions { MetadataDomain = domain, Metadata = metadata })).Info;
}
