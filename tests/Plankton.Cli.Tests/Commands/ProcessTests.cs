using System.Diagnostics;
using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

/// <summary>Runs the built tool as a real process (<c>dotnet plankton.dll</c>), to prove the entry point works.</summary>
public sealed class ProcessTests : StoreFixture
{
    [Test]
    [CancelAfter(120_000)]
    public async Task BuiltTool_PutThenShow_AgainstATempStore(CancellationToken cancellationToken)
    {
        byte[] data = RandomBytes(123_456);
        string file = WriteFile(data);

        (int putCode, string putOutput, string putError) = await RunToolAsync(cancellationToken, "put", file, "--name", "proc", "--json", "--store", Store, "--user", User);

        putCode.Should().Be(0, putError);
        putError.Should().Contain("bytes new");
        string id;
        using (JsonDocument put = JsonDocument.Parse(putOutput))
        {
            id = put.RootElement.GetProperty("id").GetString()!;
        }

        (int showCode, string showOutput, string showError) = await RunToolAsync(cancellationToken, "show", id, "--store", Store, "--user", User);

        showCode.Should().Be(0, showError);
        showOutput.Should().MatchRegex(@"(?m)^name\s+proc$").And.MatchRegex(@"(?m)^size\s+123456 ");
        (await RunToolAsync(cancellationToken, "show", Guid.NewGuid().ToString(), "--store", Store, "--user", User)).Code.Should().Be(3);
    }

    private static async Task<(int Code, string Output, string Error)> RunToolAsync(CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ToolPath());
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("PLANKTON_STORE");
        start.Environment.Remove("PLANKTON_USER");
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>plankton.dll: copied next to the test assembly by the project reference, else in src/Plankton.Cli/bin.</summary>
    private static string ToolPath()
    {
        string beside = Path.Combine(TestContext.CurrentContext.TestDirectory, "plankton.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            string bin = Path.Combine(folder.FullName, "src", "Plankton.Cli", "bin");
            if (Directory.Exists(bin))
            {
                string? found = Directory.EnumerateFiles(bin, "plankton.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
                if (found is not null)
                {
                    return found;
                }
            }
        }

        Assert.Fail("plankton.dll was not found next to the tests nor in src/Plankton.Cli/bin; build src/Plankton.Cli first.");
        return string.Empty;
    }
}
