using System.Security.Cryptography;
using System.Text.Json;

namespace Plankton.Cli.Tests.Commands;

public sealed class HashCommandTests
{
    private string _folder = string.Empty;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "plankton-cli-" + Guid.NewGuid().ToString("N"))).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(byte[] data)
    {
        string path = Path.Combine(_folder, Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(path, data);
        return path;
    }

    [Test]
    public async Task Hash_HelloFile_PrintsSpecChecksum()
    {
        string path = WriteFile("hello"u8.ToArray());

        CliRun run = await CliRun.RunAsync("hash", path, "--quiet");

        run.ExitCode.Should().Be(0);
        run.Output.Should().StartWith("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824  " + path);
        run.Error.Should().BeEmpty();
    }

    [Test]
    public async Task Hash_Json_PrintsOnlyDocumentedFieldsOnStdout()
    {
        var data = new byte[(2 * 4096) + 1];
        new Random(1).NextBytes(data);
        string path = WriteFile(data);

        CliRun run = await CliRun.RunAsync("hash", path, "--json", "--block-size", "4096");

        run.ExitCode.Should().Be(0);
        using JsonDocument json = JsonDocument.Parse(run.Output);
        json.RootElement.GetProperty("size").GetInt64().Should().Be(data.Length);
        json.RootElement.GetProperty("block_size").GetInt32().Should().Be(4096);
        json.RootElement.GetProperty("blocks").GetInt32().Should().Be(3);
        json.RootElement.GetProperty("checksum").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        json.RootElement.GetProperty("file").GetString().Should().Be(path);
        run.Error.Should().Contain("hash:", "plain progress goes to stderr when it is not a terminal");
    }

    [Test]
    public async Task Hash_EmptyFile_IsSha256OfEmpty()
    {
        string path = WriteFile([]);

        CliRun run = await CliRun.RunAsync("hash", path, "--quiet");

        run.Output.Should().StartWith(Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>())));
    }

    [Test]
    public async Task Hash_MissingFile_ExitsNotFoundWithOneLine()
    {
        CliRun run = await CliRun.RunAsync("hash", Path.Combine(_folder, "missing"));

        run.ExitCode.Should().Be(3);
        run.Output.Should().BeEmpty();
        run.Error.TrimEnd().Split('\n').Should().ContainSingle().Which.Should().StartWith("plankton: ").And.Contain("missing");
    }

    [Test]
    public async Task Hash_InvalidBlockSize_ExitsUsageNamingTheOption()
    {
        CliRun run = await CliRun.RunAsync("hash", WriteFile([1]), "--block-size", "1000");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--block-size").And.Contain("1000");
    }

    [Test]
    public async Task UnknownCommand_ExitsUsage()
    {
        CliRun run = await CliRun.RunAsync("frobnicate");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("frobnicate");
    }

    [Test]
    public async Task Hash_Verbose_MissingFile_PrintsTheException()
    {
        CliRun run = await CliRun.RunAsync("hash", Path.Combine(_folder, "missing"), "--verbose");

        run.ExitCode.Should().Be(3);
        run.Error.Should().Contain("FileNotFoundException");
    }
}
