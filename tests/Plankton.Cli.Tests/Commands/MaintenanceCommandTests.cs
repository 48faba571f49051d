using System.Text.Json;
using Microsoft.Data.Sqlite;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Cli.Tests.Commands;

/// <summary><c>plankton gc</c> and <c>plankton verify</c> on a real store folder.</summary>
public sealed class MaintenanceCommandTests : StoreFixture
{
    private const int Block = 4 * 1024 * 1024;

    [Test]
    public async Task Gc_PurgedObject_DeletesItsBlocksAndKeepsTheImages()
    {
        byte[] image = RandomBytes(Block + 10, seed: 1);
        string id = await PutAsync(image);
        await WriteDeleteAndPurgeAsync(RandomBytes(Block + 20, seed: 2));
        BlockFileCount().Should().Be(4);

        CliRun run = await RunAsync("gc");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Output.Should().StartWith("deleted 2 blocks");
        run.Error.Should().Contain("gc: 2 examined, 2 deleted");
        BlockFileCount().Should().Be(2);
        CliRun download = await RunAsync("download", id, "-o", Path.Combine(Folder, "back.img"), "--quiet");
        download.ExitCode.Should().Be(ExitCodes.Success, download.Error);
        (await File.ReadAllBytesAsync(Path.Combine(Folder, "back.img"))).Should().Equal(image);
        JsonElement again = Json(await RunAsync("gc", "--json", "--quiet"));
        again.GetProperty("deleted").GetInt64().Should().Be(0);
    }

    [Test]
    public async Task Verify_IntactStore_ExitsZero()
    {
        await PutAsync(RandomBytes(Block + 10, seed: 3));

        CliRun run = await RunAsync("verify", "--quiet");

        run.ExitCode.Should().Be(ExitCodes.Success, run.Error);
        run.Output.Should().Be($"2 blocks checked: intact{Environment.NewLine}");
    }

    [Test]
    public async Task Verify_MissingBlock_ExitsWithIntegrityAndNamesTheImage()
    {
        string id = await PutAsync(RandomBytes(Block + 10, seed: 4));
        string victim = Directory.GetFiles(Path.Combine(Store, "blocks", "blocks"), "*", SearchOption.AllDirectories)[0];
        File.Delete(victim);

        CliRun run = await RunAsync("verify", "--json", "--quiet");

        run.ExitCode.Should().Be(ExitCodes.Integrity, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        JsonElement damaged = json.RootElement.GetProperty("damaged")[0];
        damaged.GetProperty("block").GetString().Should().Be(Path.GetFileName(victim));
        damaged.GetProperty("damage").GetString().Should().Be("missing");
        damaged.GetProperty("versions").EnumerateArray().Select(static v => v.GetProperty("id").GetString()).Should().Contain(id);
        Json(await RunAsync("show", id, "--json")).GetProperty("status").GetString().Should().Be("killed");
        (await RunAsync("download", id, "-o", Path.Combine(Folder, "x.img"), "--quiet")).ExitCode.Should().NotBe(ExitCodes.Success);
    }

    [Test]
    public async Task Verify_BadSample_IsAUsageError()
    {
        CliRun run = await RunAsync("verify", "--sample", "0");

        run.ExitCode.Should().Be(ExitCodes.Usage);
        run.Error.Should().Contain("--sample");
    }

    private int BlockFileCount() => Directory.GetFiles(Path.Combine(Store, "blocks", "blocks"), "*", SearchOption.AllDirectories).Length;

    /// <summary>Makes garbage through the library: an object written, deleted and purged with its history.</summary>
    private async Task WriteDeleteAndPurgeAsync(byte[] data)
    {
        using var blocks = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = Path.Combine(Store, "blocks") });
        using (SqliteObjectStore store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(Store, "catalogue.db") }, blocks))
        {
            var path = new ObjectPath(User, "scratch", "tmp");
            await store.EnsureContainerAsync(User, User, "scratch");
            await store.WriteAsync(User, path, new MemoryStream(data));
            await store.DeleteAsync(User, path);
            await store.PurgeAsync(User, path, DateTimeOffset.MaxValue);
        }

        SqliteConnection.ClearAllPools();
    }
}
