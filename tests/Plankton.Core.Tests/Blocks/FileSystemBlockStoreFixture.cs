using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>
/// What every <see cref="FileSystemBlockStore"/> fixture of the contract shares: a folder per fixture under
/// <see cref="ParentFolder"/> (made on first use, so a subclass can mount its file system first), a folder per test,
/// stores opened with <see cref="Mode"/>, and corruption by flipping a bit of the block file.
/// </summary>
public abstract class FileSystemBlockStoreFixture : BlockStoreContractTests
{
    // Made lazily in NewRoot (so a subclass can mount its file system first); disposed in DeleteFixtureDirectory
    // ([OneTimeTearDown]) and CleanUpAfterTest (called by the contract's [TearDown] after its stores are disposed).
#pragma warning disable NUnit1032
    private TempDirectory? _fixtureDirectory;
    private TempDirectory? _testDirectory;
#pragma warning restore NUnit1032

    protected override bool IsDurable => true;

    protected override bool CanCorruptBlocks => true;

    /// <summary>Gets the folder the fixture's folders go under; <see langword="null"/> for the temp path.</summary>
    protected virtual string? ParentFolder => null;

    /// <summary>Gets the write mode of the stores the contract opens.</summary>
    protected virtual BlockWriteMode Mode => BlockWriteMode.Auto;

    [OneTimeTearDown]
    public void DeleteFixtureDirectory() => _fixtureDirectory?.Dispose();

    protected override IBlockStore CreateStore(int blockSize) => Open(NewRoot(), Mode, blockSize);

    protected override IBlockStore ReopenStore(IBlockStore store) =>
        Open(((FileSystemBlockStore)store).RootPath, Mode, store.BlockSize);

    protected override Task CorruptBlockAsync(IBlockStore store, BlockHash hash)
    {
        BlockFiles.FlipBit(BlockFiles.BlockPath(((FileSystemBlockStore)store).RootPath, hash), 0);
        return Task.CompletedTask;
    }

    protected override void CleanUpAfterTest()
    {
        _testDirectory?.Dispose();
        _testDirectory = null;
    }

    /// <summary>Returns a new empty folder for one store, inside this test's folder.</summary>
    protected string NewRoot()
    {
        _fixtureDirectory ??= new TempDirectory(ParentFolder);
        _testDirectory ??= new TempDirectory(_fixtureDirectory.FullPath);
        return _testDirectory.CreateSubdirectory();
    }

    protected static FileSystemBlockStoreOptions Options(string root, BlockWriteMode mode, int blockSize) =>
        new() { RootPath = root, BlockSize = blockSize, WriteMode = mode };

    protected static FileSystemBlockStore Open(string root, BlockWriteMode mode, int blockSize) =>
        new(Options(root, mode, blockSize));
}
