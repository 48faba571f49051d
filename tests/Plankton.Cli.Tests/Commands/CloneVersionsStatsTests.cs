using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Plankton.Cli.Tests.Commands;

public sealed class CloneVersionsStatsTests : StoreFixture
{
    [Test]
    public async Task Clone_MakesANewImageWithTheSameBytes_AndStoresNoNewBlock()
    {
        byte[] data = RandomBytes(300_000, seed: 3);
        string id = await PutAsync(data, "base", "--property", "os=debian", "--visibility", "public");
        JsonElement before = Json(await RunAsync("stats", "--json"));

        JsonElement clone = Json(await RunAsync("clone", id, "--name", "copy", "--json"));
        CliRun download = await RunAsync(null, CancellationToken.None, "download", clone.GetProperty("id").GetString()!, "--quiet");
        JsonElement after = Json(await RunAsync("stats", "--json"));

        clone.GetProperty("id").GetString().Should().NotBe(id);
        clone.GetProperty("name").GetString().Should().Be("copy");
        clone.GetProperty("visibility").GetString().Should().Be("private");
        clone.GetProperty("location").GetString().Should().Be("pithos://alice/images/copy");
        clone.GetProperty("properties").GetProperty("os").GetString().Should().Be("debian");
        download.ExitCode.Should().Be(0, download.Error);
        download.Binary.Should().Equal(data);
        after.GetProperty("images").GetInt64().Should().Be(2);
        after.GetProperty("stored_bytes").GetInt64().Should().Be(before.GetProperty("stored_bytes").GetInt64(), "a clone shares the blocks");
    }

    [TestCase("--name", "base", 7)]
    [TestCase("--name", " ", 5)]
    public async Task Clone_TakenOrBadName_FailsWithItsExitCode(string option, string value, int exitCode)
    {
        string id = await PutAsync(RandomBytes(10), "base");

        CliRun run = await RunAsync("clone", id, option, value);

        run.ExitCode.Should().Be(exitCode);
        run.Output.Should().BeEmpty();
        run.Error.Should().StartWith("plankton: ");
    }

    [Test]
    public async Task Clone_WithoutName_IsAUsageError_AndOfAnUnknownImageIsNotFound()
    {
        (await RunAsync("clone", Guid.NewGuid().ToString())).ExitCode.Should().Be(2);
        (await RunAsync("clone", Guid.NewGuid().ToString(), "--name", "x")).ExitCode.Should().Be(3);
    }

    [Test]
    public async Task Versions_ListOnePerChange_AndShowAtVersionPrintsTheOldImage()
    {
        string id = await PutAsync(RandomBytes(10), "first");
        (await RunAsync("update", id, "--name", "second")).ExitCode.Should().Be(0);
        (await RunAsync("deactivate", id)).ExitCode.Should().Be(0);

        JsonElement json = Json(await RunAsync("versions", id, "--json"));
        CliRun text = await RunAsync("versions", id);

        JsonElement[] versions = [.. json.GetProperty("versions").EnumerateArray()];
        versions.Select(v => v.GetProperty("image").GetProperty("name").GetString()).Should().Equal("first", "second", "second");
        versions.Select(v => v.GetProperty("image").GetProperty("status").GetString()).Should().Equal("active", "active", "deactivated");
        versions.Select(v => v.GetProperty("version").GetInt64()).Should().BeInAscendingOrder();
        versions.Should().OnlyContain(v => v.GetProperty("modified_by").GetString() == User && v.GetProperty("timestamp").GetString()!.EndsWith('Z'));
        text.ExitCode.Should().Be(0, text.Error);
        text.Output.Should().Contain("version").And.Contain("modified_by").And.Contain("first").And.Contain("deactivated");
        long first = versions[0].GetProperty("version").GetInt64();
        Json(await RunAsync("show", id, "--at-version", first.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json"))
            .GetProperty("name").GetString().Should().Be("first");
        (await RunAsync("show", id, "--at-version", "999999")).ExitCode.Should().Be(3);
    }

    [Test]
    public async Task DeactivateAndReactivate_UseTheLifecycle_AndADeletedImageIsAConflict()
    {
        string id = await PutAsync(RandomBytes(10));

        Json(await RunAsync("deactivate", id, "--json")).GetProperty("status").GetString().Should().Be("deactivated");
        Json(await RunAsync("reactivate", id, "--json")).GetProperty("status").GetString().Should().Be("active");
        (await RunAsync("delete", id)).ExitCode.Should().Be(0);
        (await RunAsync("deactivate", id)).ExitCode.Should().Be(7);
    }

    [Test]
    public async Task Stats_EmptyStore_HasNoImagesAndNoRatio_ThenCountsDeduplicatedData()
    {
        JsonElement empty = Json(await RunAsync("stats", "--json"));
        byte[] data = RandomBytes(200_000, seed: 9);
        await PutAsync(data, "one");
        await PutAsync(data, "two");

        JsonElement stats = Json(await RunAsync("stats", "--json"));
        CliRun text = await RunAsync("stats");

        empty.EnumerateObject().Select(p => p.Name).Should().Equal("images", "logical_bytes", "blocks", "stored_bytes", "dedup_ratio");
        empty.GetProperty("images").GetInt64().Should().Be(0);
        empty.GetProperty("stored_bytes").GetInt64().Should().Be(0);
        empty.GetProperty("dedup_ratio").ValueKind.Should().Be(JsonValueKind.Null);
        stats.GetProperty("images").GetInt64().Should().Be(2);
        stats.GetProperty("logical_bytes").GetInt64().Should().Be(2 * data.Length);
        stats.GetProperty("blocks").GetInt64().Should().Be(1, "one 4 MiB block holds the data, stored once");
        stats.GetProperty("stored_bytes").GetInt64().Should().BeInRange(data.Length, data.Length + 4096, "the block is stored once (with its trailer)");
        stats.GetProperty("dedup_ratio").GetDouble().Should().BeInRange(1.9, 2.0);
        text.Output.Should().MatchRegex(@"(?m)^images\s+2$").And.MatchRegex(@"(?m)^dedup_ratio\s+\d\.\d\d$");
    }

    [Test]
    public async Task Stats_PerImage_ShowsTheBytesOnlyEachImageHolds()
    {
        byte[] shared = RandomBytes(4 * 1024 * 1024, seed: 11);
        byte[] own = RandomBytes(1000, seed: 12);
        string first = await PutAsync([.. shared, .. own], "first");
        string second = await PutAsync(shared, "second");

        JsonElement stats = Json(await RunAsync("stats", "--per-image", "--json"));
        CliRun text = await RunAsync("stats", "--per-image");

        Dictionary<string, JsonElement> byId = stats.GetProperty("per_image").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        byId[first].GetProperty("size").GetInt64().Should().Be(shared.Length + own.Length);
        byId[first].GetProperty("exclusive_bytes").GetInt64().Should().Be(own.Length, "its first block is shared with the second image");
        byId[second].GetProperty("exclusive_bytes").GetInt64().Should().Be(0, "every block of it is also in the first image");
        text.ExitCode.Should().Be(0, text.Error);
        text.Output.Should().Contain("EXCLUSIVE").And.MatchRegex($@"(?m)^\s*{first}\s+first\s+{shared.Length + own.Length}\s+{own.Length}\s*$");
    }

    [Test]
    public async Task Put_SameNameTwice_IsAConflict_AndFileNameLetsTwoImagesShareAName()
    {
        await PutAsync(RandomBytes(10), "disk");

        CliRun again = await RunAsync("put", WriteFile(RandomBytes(20)), "--name", "disk", "--quiet");
        JsonElement other = Json(await RunAsync("put", WriteFile(RandomBytes(20)), "--name", "disk", "--file-name", "disk-2", "--json", "--quiet"));
        JsonElement list = Json(await RunAsync("list", "--filter", "name=disk", "--json"));

        again.ExitCode.Should().Be(7);
        again.Error.Should().Contain("pithos://alice/images/disk").And.Contain("already exists");
        other.GetProperty("location").GetString().Should().Be("pithos://alice/images/disk-2");
        list.GetProperty("images").GetArrayLength().Should().Be(2);
    }

    [Test]
    public async Task Download_WholeImageWhoseChecksumDoesNotMatch_IsIntegrityError_AndLeavesNoFile()
    {
        string id = await PutAsync(RandomBytes(5000, seed: 4));
        string target = Path.Combine(Folder, "out.img");
        TamperWithRecordedChecksums();

        CliRun whole = await RunAsync("download", id, "-o", target, "--quiet");
        CliRun range = await RunAsync("download", id, "-o", target, "--offset", "10", "--quiet");

        whole.ExitCode.Should().Be(6, whole.Error);
        whole.Error.Should().Contain("checksum");
        range.ExitCode.Should().Be(0, "a range is not checked against the whole image's checksum (its blocks are)");
        File.ReadAllBytes(target).Should().HaveCount(4990);
        File.Delete(target);
        (await RunAsync("download", id, "-o", target, "--quiet")).ExitCode.Should().Be(6);
        File.Exists(target).Should().BeFalse();
        Directory.GetFiles(Folder, "*.plankton-part").Should().BeEmpty();
    }

    /// <summary>Records another top hash for every version (the blocks and hashmaps stay right), as a damaged catalogue would.</summary>
    private void TamperWithRecordedChecksums()
    {
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(Store, "catalogue.db")};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "UPDATE versions SET hash = zeroblob(32) WHERE size > 0";
            command.ExecuteNonQuery().Should().BePositive();
        }

        SqliteConnection.ClearAllPools();
    }
}
