using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

public sealed class PutShowTests : StoreFixture
{
    private static readonly string[] s_imageFields =
    [
        "id", "name", "checksum", "size", "status", "disk_format", "container_format", "visibility", "owner", "location",
        "store", "properties", "tags", "min_disk", "min_ram", "protected", "created_at", "updated_at", "deleted_at",
    ];

    [Test]
    public async Task Put_CreatesTheStoreAndPrintsTheImage()
    {
        byte[] data = RandomBytes(10_000);
        string file = WriteFile(data);

        CliRun run = await RunAsync("put", file, "--name", "debian", "--property", "os=debian", "--tag", "base", "--min-disk", "2", "--min-ram", "512");

        run.ExitCode.Should().Be(0, run.Error);
        File.Exists(Path.Combine(Store, "catalogue.db")).Should().BeTrue();
        Directory.Exists(Path.Combine(Store, "blocks")).Should().BeTrue();
        run.Output.Should().MatchRegex(@"(?m)^name\s+debian$")
            .And.MatchRegex(@"(?m)^status\s+active$")
            .And.MatchRegex(@"(?m)^size\s+10000 ")
            .And.MatchRegex(@"(?m)^owner\s+alice$")
            .And.MatchRegex(@"(?m)^properties\s+os=debian$")
            .And.MatchRegex(@"(?m)^tags\s+base$");
        run.Error.Should().Contain("put:").And.Contain("10000 bytes new").And.Contain("0 bytes deduplicated");
    }

    [Test]
    public async Task Put_ThenShowJson_HasEveryDocumentedField()
    {
        byte[] data = RandomBytes(5000);
        string file = WriteFile(data);
        JsonElement hash = Json(await CliRun.RunAsync("hash", file, "--json", "--quiet"));

        string id = await PutAsync(data, "ubuntu", "--disk-format", "extdump", "--container-format", "ovf", "--visibility", "community",
            "--property", "os=ubuntu", "--property", "release=24.04", "--tag", "lts", "--tag", "server", "--min-disk", "10", "--min-ram", "1024", "--protected");
        CliRun show = await RunAsync("show", id, "--json");

        JsonElement image = Json(show);
        image.EnumerateObject().Select(p => p.Name).Should().Equal(s_imageFields);
        image.GetProperty("id").GetString().Should().Be(id);
        image.GetProperty("name").GetString().Should().Be("ubuntu");
        image.GetProperty("checksum").GetString().Should().Be(hash.GetProperty("checksum").GetString());
        image.GetProperty("size").GetInt64().Should().Be(5000);
        image.GetProperty("status").GetString().Should().Be("active");
        image.GetProperty("disk_format").GetString().Should().Be("extdump");
        image.GetProperty("container_format").GetString().Should().Be("ovf");
        image.GetProperty("visibility").GetString().Should().Be("community");
        image.GetProperty("owner").GetString().Should().Be(User);
        image.GetProperty("location").GetString().Should().Be("pithos://alice/images/ubuntu");
        image.GetProperty("store").GetString().Should().Be("pithos");
        image.GetProperty("properties").GetProperty("os").GetString().Should().Be("ubuntu");
        image.GetProperty("properties").GetProperty("release").GetString().Should().Be("24.04");
        image.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("lts", "server");
        image.GetProperty("min_disk").GetInt64().Should().Be(10);
        image.GetProperty("min_ram").GetInt64().Should().Be(1024);
        image.GetProperty("protected").GetBoolean().Should().BeTrue();
        image.GetProperty("created_at").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UnixEpoch);
        image.GetProperty("updated_at").GetDateTimeOffset().Should().BeOnOrAfter(image.GetProperty("created_at").GetDateTimeOffset());
        image.GetProperty("deleted_at").ValueKind.Should().Be(JsonValueKind.Null);
        show.Error.Should().BeEmpty();
    }

    [Test]
    public async Task Put_Json_PutsOnlyTheDocumentOnStdout_AndProgressOnStderr()
    {
        CliRun run = await RunAsync("put", WriteFile(RandomBytes(3000)), "--name", "x", "--json");

        using JsonDocument json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("name").GetString().Should().Be("x");
        run.Error.Should().Contain("put:");
    }

    [Test]
    public async Task Put_Quiet_WritesNothingOnStderr()
    {
        CliRun run = await RunAsync("put", WriteFile(RandomBytes(3000)), "--name", "x", "--quiet");

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
    }

    [Test]
    public async Task Put_SameDataTwice_ReportsTheSecondAsDeduplicated()
    {
        byte[] data = RandomBytes((4 * 1024 * 1024) + 100);
        await PutAsync(data, "first");

        CliRun second = await RunAsync("put", WriteFile(data), "--name", "second");

        second.ExitCode.Should().Be(0, second.Error);
        second.Error.Should().Contain($"0 bytes new").And.Contain($"{data.Length} bytes deduplicated");
    }

    [Test]
    public async Task Put_FromStandardInput()
    {
        byte[] data = RandomBytes(70_000);

        CliRun run = await RunAsync(data, CancellationToken.None, "put", "-", "--name", "piped", "--json", "--quiet");

        JsonElement image = Json(run);
        image.GetProperty("size").GetInt64().Should().Be(data.Length);
    }

    [Test]
    public async Task Put_Public_SetsVisibilityPublic()
    {
        string id = await PutAsync(RandomBytes(10), "pub", "--public");

        JsonElement image = Json(await RunAsync("show", id, "--json"));

        image.GetProperty("visibility").GetString().Should().Be("public");
    }

    [Test]
    public async Task Put_WithMatchingChecksum_Succeeds_AndWithAnotherOne_IsInvalidInputAndLeavesNoImage()
    {
        byte[] data = RandomBytes(1000);
        string file = WriteFile(data);
        string checksum = Json(await CliRun.RunAsync("hash", file, "--json", "--quiet")).GetProperty("checksum").GetString()!;

        (await RunAsync("put", file, "--name", "good", "--checksum", checksum, "--size", "1000", "--quiet")).ExitCode.Should().Be(0);
        CliRun bad = await RunAsync("put", file, "--name", "bad", "--checksum", new string('0', 64), "--quiet");

        bad.ExitCode.Should().Be(5);
        bad.Error.Should().Contain("checksum");
        (await RunAsync("put", file, "--name", "bad", "--quiet")).ExitCode.Should().Be(0, "the refused upload left nothing at its path");
    }

    [Test]
    public async Task Put_SameNameTwice_IsAConflict()
    {
        await PutAsync(RandomBytes(10), "twice");

        CliRun run = await RunAsync("put", WriteFile(RandomBytes(10)), "--name", "twice", "--quiet");

        run.ExitCode.Should().Be(7);
        run.Error.Should().StartWith("plankton: ").And.Contain("twice");
    }

    [Test]
    public async Task Register_AnUnregisteredObject_MakesItAnImageAgainWithTheSameId()
    {
        string id = await PutAsync(RandomBytes(2000), "obj");
        (await RunAsync("unregister", id)).ExitCode.Should().Be(0);

        CliRun run = await RunAsync("register", "pithos://alice/images/obj", "--name", "again", "--json");

        JsonElement image = Json(run);
        image.GetProperty("id").GetString().Should().Be(id);
        image.GetProperty("name").GetString().Should().Be("again");
        image.GetProperty("size").GetInt64().Should().Be(2000);
    }

    [Test]
    public async Task Register_MissingObject_IsNotFound()
    {
        CliRun run = await RunAsync("register", "pithos://alice/images/nothing", "--name", "n");

        run.ExitCode.Should().Be(3);
    }

    [Test]
    public async Task Register_MalformedLocation_IsInvalidInputNamingTheField()
    {
        CliRun run = await RunAsync("register", "http://example.org/x", "--name", "n");

        run.ExitCode.Should().Be(5);
        run.Error.Should().Contain("location");
    }
}
