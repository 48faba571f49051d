using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

public sealed class ListTests : StoreFixture
{
    private static string[] Names(JsonElement page) =>
        page.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("name").GetString()!).ToArray();

    [Test]
    public async Task List_Json_ListsOwnImagesSortedWithNextMarkerAcrossPages()
    {
        foreach (string name in new[] { "c", "a", "b" })
        {
            await PutAsync(RandomBytes(100, name[0]), name);
        }

        JsonElement first = Json(await RunAsync("list", "--json", "--sort", "name:asc", "--limit", "2"));
        string marker = first.GetProperty("next_marker").GetString()!;
        JsonElement second = Json(await RunAsync("list", "--json", "--sort", "name:asc", "--limit", "2", "--marker", marker));

        Names(first).Should().Equal("a", "b");
        Names(second).Should().Equal("c");
        second.GetProperty("next_marker").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Test]
    public async Task List_Filters_ApplyPropertyTagAndSize()
    {
        await PutAsync(RandomBytes(100, 1), "small", "--property", "os=debian", "--tag", "base");
        await PutAsync(RandomBytes(5000, 2), "large", "--property", "os=fedora");

        JsonElement byProperty = Json(await RunAsync("list", "--json", "--filter", "property.os=debian"));
        JsonElement byTag = Json(await RunAsync("list", "--json", "--filter", "tag=base"));
        JsonElement bySize = Json(await RunAsync("list", "--json", "--filter", "size_min=101", "--filter", "size_max=5000"));

        Names(byProperty).Should().Equal("small");
        Names(byTag).Should().Equal("small");
        Names(bySize).Should().Equal("large");
    }

    [Test]
    public async Task List_Table_ShowsColumnsAndImages()
    {
        await PutAsync(RandomBytes(100), "debian-12");

        CliRun run = await RunAsync("list");

        run.ExitCode.Should().Be(0, run.Error);
        run.Output.Should().Contain("name").And.Contain("status").And.Contain("debian-12").And.Contain("active");
    }

    [Test]
    public async Task List_PublicAndShared_SeeOtherUsersPublicImageOnly()
    {
        string id = await PutAsync(RandomBytes(100), "shared-out");
        await PutAsync(RandomBytes(100, 2), "private");
        (await RunAsync("update", id, "--public", "--quiet")).ExitCode.Should().Be(0);

        JsonElement asBob = Json(await CliRun.RunAsync("list", "--public", "--json", "--store", Store, "--user", "bob"));
        JsonElement bobAll = Json(await CliRun.RunAsync("list", "--json", "--store", Store, "--user", "bob"));
        JsonElement bobShared = Json(await CliRun.RunAsync("list", "--shared", "--json", "--store", Store, "--user", "bob"));

        Names(asBob).Should().Equal("shared-out");
        Names(bobAll).Should().Equal("shared-out");
        Names(bobShared).Should().BeEmpty();
    }

    [Test]
    public async Task List_IncludeDeleted_ShowsDeletedImages()
    {
        string id = await PutAsync(RandomBytes(100), "gone");
        (await RunAsync("delete", id)).ExitCode.Should().Be(0);

        JsonElement without = Json(await RunAsync("list", "--json"));
        JsonElement with = Json(await RunAsync("list", "--json", "--include-deleted"));

        Names(without).Should().BeEmpty();
        Names(with).Should().Equal("gone");
    }

    [TestCase("--filter", "colour=red", 5)]
    [TestCase("--filter", "size_min=big", 5)]
    [TestCase("--sort", "colour:asc", 5)]
    [TestCase("--marker", "not-a-uuid", 5)]
    public async Task List_BadQuery_IsInvalidInputNamingIt(string option, string value, int exitCode)
    {
        CliRun run = await RunAsync("list", option, value);

        run.ExitCode.Should().Be(exitCode);
        run.Error.Should().StartWith("plankton: ").And.Contain(value.Split('=', ':')[0]);
    }

    [Test]
    public async Task List_TwoScopes_IsUsageError()
    {
        CliRun run = await RunAsync("list", "--mine", "--public");

        run.ExitCode.Should().Be(2);
    }
}
