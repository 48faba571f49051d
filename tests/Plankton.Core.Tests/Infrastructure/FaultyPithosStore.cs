using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// A SQLite catalogue over a file-system block store seen through a <see cref="FaultInjectingBlockStore"/> that may
/// fail every kind of block call (all four fault kinds), in a temp folder; faults start disarmed.
/// </summary>
internal sealed class FaultyPithosStore : IDisposable
{
    public const int BlockSize = HashingConstants.MinBlockSize;

    private const string SharedMemory = "/dev/shm";

    private readonly TempDirectory _folder;

    private FaultyPithosStore(TempDirectory folder, FileSystemBlockStore files, FaultInjectingBlockStore faults, SqliteObjectStore store)
    {
        _folder = folder;
        Files = files;
        Faults = faults;
        Store = store;
    }

    public FileSystemBlockStore Files { get; }

    public FaultInjectingBlockStore Faults { get; }

    public SqliteObjectStore Store { get; }

    public string DatabasePath => Path.Combine(_folder.FullPath, "catalogue.db");

    public static async Task<FaultyPithosStore> OpenAsync(int seed, double rate, TimeProvider time)
    {
        // On tmpfs when there is one: these tests are about what a failure leaves, not about fsync, and hundreds of
        // catalogue commits on a shared disk would dominate their time.
        var folder = new TempDirectory(Directory.Exists(SharedMemory) ? SharedMemory : null);
        var files = new FileSystemBlockStore(new FileSystemBlockStoreOptions
        {
            RootPath = Path.Combine(folder.FullPath, "blocks"),
            BlockSize = BlockSize,
            VerifyReadsWithSha256 = true,
        });
        var faults = new FaultInjectingBlockStore(files, seed, rate, BlockFault.ThrowBefore, BlockFault.ThrowAfter, BlockFault.DiskFull, BlockFault.TornWrite)
        {
            FailOn = BlockOperations.All,
            Armed = false,
        };
        SqliteObjectStore store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(folder.FullPath, "catalogue.db") }, faults, time);
        return new FaultyPithosStore(folder, files, faults, store);
    }

    /// <summary>
    /// Runs <paramref name="act"/> with faults armed and drawn from <paramref name="seed"/>; returns the exception it
    /// threw (after checking that it is a <see cref="PlanktonException"/> or an injected <see cref="IOException"/>),
    /// or <see langword="null"/> when it completed.
    /// </summary>
    public async Task<Exception?> RunArmedAsync(int seed, Func<Task> act)
    {
        Faults.Reseed(seed);
        Faults.Armed = true;
        Exception? error = null;
        try
        {
            await act();
        }
        catch (Exception caught)
        {
            error = caught;
        }
        finally
        {
            Faults.Armed = false;
        }

        error?.Should().Match<Exception>(e => e is PlanktonException || (e is IOException && e.Message.Contains("njected")), "only typed errors escape (seed {0}): {1}", seed, error);
        return error;
    }

    /// <summary>The catalogue's row counts per table, block files and unreferenced block rows left out: a failed write may leave blocks it pinned, which the next garbage collection removes.</summary>
    public Task<string> DescribeCatalogueAsync() => SqliteCatalogue.DescribeAsync(DatabasePath, blockRoot: null, unreferencedBlocks: false);

    public void Dispose()
    {
        Store.Dispose();
        Files.Dispose();
        SqliteConnectionFactory.ClearAllPools();
        _folder.Dispose();
    }
}
