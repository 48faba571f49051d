using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

/// <summary>A temporary folder holding a store (<c>--store</c>) and input/output files; runs the tool against it.</summary>
public abstract class StoreFixture
{
    protected const string User = "alice";

    protected string Folder { get; private set; } = string.Empty;

    protected string Store => Path.Combine(Folder, "store");

    [SetUp]
    public void CreateFolder() => Folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "plankton-cli-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(Folder, recursive: true);

    protected string WriteFile(byte[] data)
    {
        string path = Path.Combine(Folder, Guid.NewGuid().ToString("N") + ".img");
        File.WriteAllBytes(path, data);
        return path;
    }

    protected static byte[] RandomBytes(int length, int seed = 1)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    /// <summary>Runs the tool on the fixture's store as <see cref="User"/>.</summary>
    private protected Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync([.. args, "--store", Store, "--user", User]);

    /// <summary>Runs the tool on the fixture's store with binary stdin/stdout and a cancellation token.</summary>
    private protected Task<CliRun> RunAsync(byte[]? input, CancellationToken cancellationToken, params string[] args) =>
        CliRun.RunAsync(input, cancellationToken, [.. args, "--store", Store, "--user", User]);

    /// <summary>Puts a file with --json and returns the image id.</summary>
    protected async Task<string> PutAsync(byte[] data, string name = "disk", params string[] extra)
    {
        CliRun run = await RunAsync(["put", WriteFile(data), "--name", name, "--json", "--quiet", .. extra]);
        run.ExitCode.Should().Be(0, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        return json.RootElement.GetProperty("id").GetString()!;
    }

    private protected static JsonElement Json(CliRun run)
    {
        run.ExitCode.Should().Be(0, run.Error);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        return json.RootElement.Clone();
    }
}
