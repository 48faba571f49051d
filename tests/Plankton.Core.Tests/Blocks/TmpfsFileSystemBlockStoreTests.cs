using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// <see cref="FileSystemBlockStore"/> with <see cref="BlockWriteMode.Auto"/> on tmpfs (<c>/dev/shm</c>): the contract,
/// and how the write mode is chosen there.
/// </summary>
/// <remarks>
/// tmpfs refused <c>O_DIRECT</c> before Linux 6.6 and accepts it since, so the tests for each case run only on
/// kernels of that kind and are reported as skipped elsewhere.
/// </remarks>
[TestFixture]
public sealed class TmpfsFileSystemBlockStoreTests : FileSystemBlockStoreFixture
{
    private const string SharedMemory = "/dev/shm";

    protected override string? ParentFolder => SharedMemory;

    [OneTimeSetUp]
    public void RequireTmpfs() =>
        Assume.That(MountInfo.FileSystemType(SharedMemory), Is.EqualTo("tmpfs"), $"{SharedMemory} is not a tmpfs mount here");

    [Test]
    public void UsesDirectWrites_AutoOnTmpfs_IsTrueExactlyWhenTheKernelAllowsIt()
    {
        var store = (FileSystemBlockStore)NewStore();

        store.UsesDirectWrites.Should().Be(MountInfo.TmpfsAcceptsDirectIo, "Linux {0} is running", MountInfo.KernelVersion);
    }

    [Test]
    public async Task Constructor_AutoWhereTmpfsRefusesDirectIo_FallsBackToBufferedWrites()
    {
        Assume.That(MountInfo.TmpfsAcceptsDirectIo, Is.False, $"tmpfs accepts O_DIRECT on Linux {MountInfo.KernelVersion}");
        var store = (FileSystemBlockStore)NewStore();
        byte[] data = RandomBytes(seed: 1, length: SmallBlockSize);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        store.UsesDirectWrites.Should().BeFalse();
        outcome.Should().Be(BlockPutOutcome.Stored);
        await ShouldReadBackAsync(store, data);
    }

    [Test]
    public void Constructor_DirectWhereTmpfsRefusesDirectIo_ThrowsStoreConfigurationExceptionAndLeavesNoTempFiles()
    {
        Assume.That(MountInfo.TmpfsAcceptsDirectIo, Is.False, $"tmpfs accepts O_DIRECT on Linux {MountInfo.KernelVersion}");
        string root = NewRoot();

        Action act = () => Open(root, BlockWriteMode.Direct, SmallBlockSize);

        act.Should().Throw<StoreConfigurationException>();
        BlockFiles.TempEntries(root).Should().BeEmpty("a store that failed to open leaves neither its temp folder nor its lock");
    }

    [Test]
    public async Task Constructor_DirectWhereTmpfsAcceptsDirectIo_UsesDirectWrites()
    {
        Assume.That(MountInfo.TmpfsAcceptsDirectIo, Is.True, $"tmpfs refuses O_DIRECT on Linux {MountInfo.KernelVersion}");
        FileSystemBlockStore store = Track(Open(NewRoot(), BlockWriteMode.Direct, SmallBlockSize));
        byte[] data = RandomBytes(seed: 2, length: SmallBlockSize - 5);

        BlockPutOutcome outcome = await store.PutAsync(HashedBlock.Create(data));

        store.UsesDirectWrites.Should().BeTrue();
        outcome.Should().Be(BlockPutOutcome.Stored);
        await ShouldReadBackAsync(store, data);
    }
}
