using System.Diagnostics;
using System.Globalization;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.CrashHost;
using Plankton.Core.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// Crash tests: a child process ingests into a file-system store and is killed with SIGKILL at 50 deterministic
/// points (after k blocks, plus a small delay to land inside a write), alternating direct and buffered writes, on
/// one store that accumulates every crash. After each kill the store must reopen by itself with no dead instance's
/// temp files, and every block file in it must be whole and hold the block it is named after.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FileSystemBlockStoreCrashTests
{
    private const int BlockSize = 64 * 1024;
    private const int Blocks = 40;
    private const int Seed = 77;
    private const int KillPoints = 50;

    private static string HostPath =>
        Path.Combine(AppContext.BaseDirectory, "Plankton.Core.CrashHost.dll");

    [Test]
    public async Task Ingest_KilledAtFiftyPoints_StoreRecoversAndHoldsOnlySoundBlocks()
    {
        using var folder = new TempDirectory();
        string root = folder.Combine("store");
        byte[] data = CrashData.Make(BlockSize, Blocks, Seed);
        Hashmap expected = await PithosStreamHasher.HashAsync(new MemoryStream(data), BlockSize);
        var expectedBlocks = expected.ToArray().Where(h => !h.IsEmpty).ToHashSet();
        int killedMidway = 0;

        for (int point = 0; point < KillPoints; point++)
        {
            BlockWriteMode mode = point % 2 == 0 ? BlockWriteMode.Auto : BlockWriteMode.Buffered;
            bool finished = await RunHostAsync(root, mode, killAfterBlocks: point % (Blocks + 1), delayMs: point * 7 % 5);
            killedMidway += finished ? 0 : 1;

            using var store = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = root, BlockSize = BlockSize });
            BlockFiles.TempEntries(root).Should().HaveCount(2, $"after kill point {point} only the new instance's lock and folder remain");
            var buffer = new byte[BlockSize];
            await foreach (BlockHash hash in store.EnumerateAsync())
            {
                expectedBlocks.Should().Contain(hash, $"after kill point {point} every block file is one the host was writing");
                Func<Task> read = async () => await store.ReadAsync(hash, buffer);
                await read.Should().NotThrowAsync($"after kill point {point} block {hash} is whole");
            }
        }

        killedMidway.Should().BeGreaterThan(KillPoints / 2, "most runs were really killed before the end");
        (await RunHostAsync(root, BlockWriteMode.Auto, killAfterBlocks: null, delayMs: 0)).Should().BeTrue();
        using var final = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = root, BlockSize = BlockSize });
        (await final.GetMissingAsync(expected.ToArray())).Should().BeEmpty("a run to the end after all the crashes stores every block");
    }

    /// <summary>Runs the host; kills it after <paramref name="killAfterBlocks"/> progress lines (null: never). Returns whether it finished.</summary>
    private static async Task<bool> RunHostAsync(string root, BlockWriteMode mode, int? killAfterBlocks, int delayMs)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { HostPath, root, BlockSize.ToString(CultureInfo.InvariantCulture), Blocks.ToString(CultureInfo.InvariantCulture), Seed.ToString(CultureInfo.InvariantCulture), mode.ToString() })
        {
            info.ArgumentList.Add(arg);
        }

        using Process host = Process.Start(info)!;
        Task<string> errors = host.StandardError.ReadToEndAsync();
        int blocksDone = -1;
        string? line;
        while ((line = await host.StandardOutput.ReadLineAsync()) is not null)
        {
            if (line == "open")
            {
                blocksDone = 0;
            }
            else if (line.StartsWith("block ", StringComparison.Ordinal))
            {
                blocksDone = int.Parse(line.AsSpan(6), CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("done ", StringComparison.Ordinal))
            {
                break;
            }

            if (killAfterBlocks is int k && blocksDone >= k)
            {
                await Task.Delay(delayMs);
                host.Kill(); // SIGKILL on Unix: no finally blocks, no disposal
                await host.WaitForExitAsync();
                return false;
            }
        }

        await host.WaitForExitAsync();
        host.ExitCode.Should().Be(0, await errors);
        return true;
    }
}
