using System.Diagnostics;
using System.Globalization;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.CrashHost;
using Plankton.Core.Hashing;
using Plankton.Core.Maintenance;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Crash tests of the object store (docs/reliability.md): a child process uploads, deletes and purges, clones
/// (objects, and images through the image backend), collects garbage or scrubs, and kills itself (SIGKILL) at 50
/// or more deterministic points per operation, on one store that accumulates every crash. After each kill the
/// catalogue opens without help, no lease or half-done deletion is left, every count equals its live references,
/// every referenced block reads back sound, and every block file is known to the catalogue (so the next collection
/// can remove it). At the end a collection leaves no unreferenced block and
/// every live object reads back as committed. The stores live on tmpfs when there is one: a process kill leaves the
/// page cache intact, so what is tested (the order of catalogue commits and block-store calls) is the same, without
/// waiting for disk flushes.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class SqliteObjectStoreCrashTests
{
    private const int KillPoints = 50;

    private static string HostPath => Path.Combine(AppContext.BaseDirectory, "Plankton.Core.CrashHost.dll");

    private static string? FastParent => Directory.Exists("/dev/shm") ? "/dev/shm" : null;

    [TestCase("upload", 50)]
    [TestCase("delete", 56)]
    [TestCase("clone", 56)]
    [TestCase("gc", 50)]
    public async Task Operation_KilledAtFiftyPoints_StoreRecoversWithExactCounts(string operation, int points)
    {
        using var folder = new TempDirectory(FastParent);
        string root = folder.FullPath;
        (await RunHostAsync(root, "upload", 1000)).Should().BeTrue();
        int killed = 0;

        for (int point = 0; point < points; point++)
        {
            killed += await RunHostAsync(root, operation, point) ? 0 : 1;
            await AssertRecoveredAsync(root, $"{operation} killed at point {point}", damaged: null);
        }

        killed.Should().BeGreaterThanOrEqualTo(KillPoints, "at least 50 runs were really killed before the end");
        (await RunHostAsync(root, operation, 100_000)).Should().BeTrue();
        await AssertCollectedAndReadableAsync(root);
    }

    [Test]
    public async Task Scrub_KilledAtFiftyPoints_ResumesAndReportsTheSameDamage()
    {
        using var folder = new TempDirectory(FastParent);
        string root = folder.FullPath;
        (await RunHostAsync(root, "upload", 1000)).Should().BeTrue();
        (await RunHostAsync(root, "upload", 1001)).Should().BeTrue();
        (await RunHostAsync(root, "upload", 1002)).Should().BeTrue();
        BlockHash victim = PithosHash.HashBlock(ObjectStoreCrash.ObjectData("u0", 1000).AsSpan(0, ObjectStoreCrash.BlockSize));
        BlockFiles.Damage(BlockFiles.BlockPath(Path.Combine(root, "blocks"), victim), "flip-first-content-bit", ObjectStoreCrash.BlockSize);
        int killed = 0;

        for (int point = 0; point < 60; point++)
        {
            killed += await RunHostAsync(root, "scrub", point) ? 0 : 1;
            await AssertRecoveredAsync(root, $"scrub killed at point {point}", damaged: new HashSet<BlockHash> { victim });
        }

        killed.Should().BeGreaterThanOrEqualTo(KillPoints, "every run was really killed before the end");
        using FileSystemBlockStore blocks = OpenBlocks(root);
        using SqliteObjectStore store = await OpenStoreAsync(root, blocks);
        ScrubReport report = await store.ScrubAsync(new ScrubOptions { Restart = true });
        report.Damaged.Should().ContainSingle().Which.Hash.Should().Be(victim);
        report.Damaged[0].Versions.Should().Contain(v => v.Path.Name == "u0");
    }

    private static async Task AssertRecoveredAsync(string root, string context, IReadOnlySet<BlockHash>? damaged)
    {
        string database = Path.Combine(root, "catalogue.db");
        using FileSystemBlockStore blocks = OpenBlocks(root);
        using (await OpenStoreAsync(root, blocks))
        {
            // Opening recovered by itself: nothing of the dead process remains.
        }

        SqliteConnectionFactory.ClearAllPools();
        (await BlockReferenceAudit.ScalarAsync(database, "SELECT COUNT(*) FROM leases")).Should().Be(0, context);
        (await BlockReferenceAudit.ScalarAsync(database, "SELECT COUNT(*) FROM blocks WHERE state <> 0")).Should().Be(0, context);
        await BlockReferenceAudit.AssertConsistentAsync(database, blocks, damaged);
        HashSet<BlockHash> known = await BlockReferenceAudit.KnownBlocksAsync(database);
        foreach (BlockHash hash in await BlockReferenceAudit.StoredBlocksAsync(blocks))
        {
            known.Should().Contain(hash, "{0}: block file {1} is known to the catalogue, so the next collection can remove it", context, hash);
        }
    }

    private static async Task AssertCollectedAndReadableAsync(string root)
    {
        string database = Path.Combine(root, "catalogue.db");
        using FileSystemBlockStore blocks = OpenBlocks(root);
        using (SqliteObjectStore store = await OpenStoreAsync(root, blocks))
        {
            await store.CollectGarbageAsync();
            ObjectListPage page = await store.ListObjectsAsync(ObjectStoreCrash.User, ObjectStoreCrash.User, ObjectStoreCrash.Container, new ListObjectsOptions { Limit = 1000 });
            page.Entries.Should().NotBeEmpty();
            foreach (ObjectInfo info in page.Entries.Select(static e => e.Info!))
            {
                await using Stream data = await store.OpenReadAsync(ObjectStoreCrash.User, info.Path);
                Hashmap read = await PithosStreamHasher.HashAsync(data, ObjectStoreCrash.BlockSize);
                read.TopHash.Should().Be(info.Hash, "{0} reads back as committed", info.Path);
            }
        }

        SqliteConnectionFactory.ClearAllPools();
        await BlockReferenceAudit.AssertOnlyReferencedBlocksRemainAsync(database, blocks);
    }

    private static FileSystemBlockStore OpenBlocks(string root) =>
        new(new FileSystemBlockStoreOptions { RootPath = Path.Combine(root, "blocks"), BlockSize = ObjectStoreCrash.BlockSize });

    private static async Task<SqliteObjectStore> OpenStoreAsync(string root, FileSystemBlockStore blocks) =>
        await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(root, "catalogue.db") }, blocks);

    /// <summary>Runs the host's object-store operation to its end or its kill point; returns whether it finished.</summary>
    private static Task<bool> RunHostAsync(string root, string operation, int killAt) =>
        RunHostAsync("objects", root, operation, killAt.ToString(CultureInfo.InvariantCulture));

    /// <summary>Runs the host with these arguments to its end or its kill point; returns whether it finished.</summary>
    private static async Task<bool> RunHostAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in arguments.Prepend(HostPath))
        {
            info.ArgumentList.Add(arg);
        }

        using Process host = Process.Start(info)!;
        Task<string> output = host.StandardOutput.ReadToEndAsync();
        Task<string> errors = host.StandardError.ReadToEndAsync();
        await host.WaitForExitAsync();
        string text = await output;
        if (host.ExitCode != 137)
        {
            host.ExitCode.Should().Be(0, await errors);
            text.Should().Contain("done");
            return true;
        }

        // Killed (possibly just after its last step, when the kill thread of a delete run fires late).
        text.Should().Contain("open", "the host got as far as opening the store: {0}", await errors);
        return false;
    }
}
