namespace Plankton.Cli.Tests.Commands;

public sealed class DownloadTests : StoreFixture
{
    private const int Block = 4 * 1024 * 1024;

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(Block - 1)]
    [TestCase(Block)]
    [TestCase(Block + 1)]
    public async Task PutThenDownload_RandomData_RoundTripsExactly(int size)
    {
        byte[] data = RandomBytes(size, seed: size);

        byte[] back = await RoundTripAsync(data);

        back.Should().Equal(data);
    }

    [Test]
    public async Task PutThenDownload_SparseData_RoundTripsExactly()
    {
        // Long zero runs: whole zero blocks, a block ending in zeros (trailing zeros are stripped before hashing),
        // data in the middle of a block, and a zero tail shorter than a block.
        var data = new byte[(3 * Block) + 12345];
        RandomBytes(1000, seed: 7).CopyTo(data, Block + 10);
        RandomBytes(1000, seed: 8).CopyTo(data, (2 * Block) + 500_000);
        data[^12346] = 1;

        byte[] back = await RoundTripAsync(data);

        back.Should().Equal(data);
    }

    [Test]
    public async Task PutThenDownload_AllZeros_RoundTripsExactly()
    {
        var data = new byte[(2 * Block) + 3];

        byte[] back = await RoundTripAsync(data);

        back.Should().Equal(data);
    }

    [TestCase(0L, 10L)]
    [TestCase(Block - 5L, 10L)]
    [TestCase(Block + 1L, 100L)]
    [TestCase(100L, null)]
    [TestCase(Block + 100L, 1_000_000L)]
    public async Task Download_Range_WritesExactlyTheRange(long offset, long? length)
    {
        byte[] data = RandomBytes(Block + 1000, seed: 3);
        string id = await PutAsync(data);
        string target = Path.Combine(Folder, "range.bin");
        string[] range = length is long n ? ["--offset", $"{offset}", "--length", $"{n}"] : ["--offset", $"{offset}"];

        CliRun run = await RunAsync(["download", id, "-o", target, "--quiet", .. range]);

        run.ExitCode.Should().Be(0, run.Error);
        long end = length is long l ? Math.Min(data.Length, offset + l) : data.Length;
        File.ReadAllBytes(target).Should().Equal(data[(int)offset..(int)end]);
    }

    [Test]
    public async Task Download_ToStandardOutput_WritesTheBytesOnly()
    {
        byte[] data = RandomBytes(50_000, seed: 4);
        string id = await PutAsync(data);

        CliRun run = await RunAsync(null, CancellationToken.None, "download", id, "--quiet");

        run.ExitCode.Should().Be(0, run.Error);
        run.Binary.Should().Equal(data);
        run.Output.Should().BeEmpty();
    }

    [Test]
    public async Task Download_ShowsProgressOnStderr_UnlessQuiet()
    {
        string id = await PutAsync(RandomBytes(1000));

        CliRun run = await RunAsync("download", id, "-o", Path.Combine(Folder, "p.bin"));

        run.ExitCode.Should().Be(0);
        run.Error.Should().Contain("download:");
        run.Output.Should().BeEmpty();
    }

    [Test]
    public async Task Download_OverwritesAnExistingFile_AndLeavesNoTempFile()
    {
        byte[] data = RandomBytes(1000);
        string id = await PutAsync(data);
        string target = WriteFile(RandomBytes(5000, seed: 9));

        CliRun run = await RunAsync("download", id, "-o", target, "--quiet");

        run.ExitCode.Should().Be(0, run.Error);
        File.ReadAllBytes(target).Should().Equal(data);
        Directory.GetFiles(Folder).Should().NotContain(f => f.EndsWith(".plankton-part", StringComparison.Ordinal));
    }

    [Test]
    public async Task Download_OffsetBeyondTheEnd_IsInvalidInput_AndWritesNoFile()
    {
        string id = await PutAsync(RandomBytes(1000));
        string target = Path.Combine(Folder, "none.bin");

        CliRun run = await RunAsync("download", id, "-o", target, "--offset", "1001");

        run.ExitCode.Should().Be(5);
        File.Exists(target).Should().BeFalse();
    }

    [Test]
    public async Task Download_Cancelled_Exits130_AndLeavesNoFile()
    {
        string id = await PutAsync(RandomBytes(Block + 1));
        string outputs = Directory.CreateDirectory(Path.Combine(Folder, "out")).FullName;
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        CliRun run = await RunAsync(null, cancel.Token, "download", id, "-o", Path.Combine(outputs, "x.bin"), "--quiet");

        run.ExitCode.Should().Be(130);
        run.Error.Trim().Should().Be("plankton: cancelled");
        Directory.GetFileSystemEntries(outputs).Should().BeEmpty();
    }

    [Test]
    public async Task Download_UnknownImage_IsNotFound_AndWritesNoFile()
    {
        string target = Path.Combine(Folder, "none.bin");
        await PutAsync(RandomBytes(10));

        CliRun run = await RunAsync("download", Guid.NewGuid().ToString(), "-o", target);

        run.ExitCode.Should().Be(3);
        File.Exists(target).Should().BeFalse();
    }

    private async Task<byte[]> RoundTripAsync(byte[] data)
    {
        string id = await PutAsync(data);
        string target = Path.Combine(Folder, "back.bin");
        CliRun run = await RunAsync("download", id, "-o", target, "--quiet");
        run.ExitCode.Should().Be(0, run.Error);
        return File.ReadAllBytes(target);
    }
}
