using System.Diagnostics;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// <see cref="FileSystemBlockStore"/> with <see cref="BlockWriteMode.Auto"/> on ramfs, a file system that refuses
/// <c>O_DIRECT</c> on every kernel: the contract on the buffered fallback, and how the write mode is chosen there.
/// </summary>
/// <remarks>
/// The fixture mounts a private ramfs (root is needed, as in CI); where mounting is not allowed the fixture is
/// reported as skipped.
/// </remarks>
[TestFixture]
[NonParallelizable]
public sealed class RamfsFileSystemBlockStoreTests : FileSystemBlockStoreFixture
{
    private TempDirectory? _mountPoint;
    private bool _mounted;

    protected override string? ParentFolder => _mountPoint!.FullPath;

    [OneTimeSetUp]
    public void MountRamfs()
    {
        Assume.That(OperatingSystem.IsLinux(), Is.True, "ramfs is Linux only");
        _mountPoint = new TempDirectory();
        _mounted = Run("mount", $"-t ramfs ramfs {_mountPoint.FullPath}") == 0;
        Assume.That(_mounted, Is.True, "mounting a ramfs is not allowed here");
        Assume.That(MountInfo.FileSystemType(_mountPoint.FullPath), Is.EqualTo("ramfs"));
    }

    [OneTimeTearDown]
    public void UnmountRamfs()
    {
        DeleteFixtureDirectory();
        if (_mounted)
        {
            Run("umount", _mountPoint!.FullPath);
        }

        _mountPoint?.Dispose();
    }

    [Test]
    public async Task Constructor_AutoOnRamfs_FallsBackToBufferedWritesThatReadBack()
    {
        var store = (FileSystemBlockStore)NewStore();
        byte[] data = RandomBytes(seed: 3, length: SmallBlockSize - 17);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        store.UsesDirectWrites.Should().BeFalse("ramfs refuses O_DIRECT");
        outcome.Should().Be(BlockPutOutcome.Stored);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public void Constructor_DirectOnRamfs_ThrowsStoreConfigurationExceptionAndLeavesNoTempFiles()
    {
        string root = NewRoot();

        Action act = () => Open(root, BlockWriteMode.Direct, SmallBlockSize);

        act.Should().Throw<StoreConfigurationException>().WithMessage("*O_DIRECT*");
        BlockFiles.TempEntries(root).Should().BeEmpty("a store that failed to open leaves neither its temp folder nor its lock");
    }

    private static int Run(string file, string arguments)
    {
        try
        {
            using Process process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
