using System.Globalization;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Ingestion;

namespace Plankton.Core.CrashHost;

/// <summary>
/// Ingests deterministic pseudo-random data into a file-system block store and prints one line per block done,
/// so a test can kill it (SIGKILL) after a chosen number of blocks. Arguments: store folder, block size, blocks,
/// seed, write mode. Blocks repeat with period 5 and every 7th is all zeros, so dedup and the empty block are on
/// the path too. With <c>objects</c> first, runs an object-store operation instead (<see cref="ObjectStoreCrash"/>); with
/// <c>images</c>, image clones (<see cref="ImageCloneCrash"/>); with <c>pg-worker</c>, one instance of the
/// multi-instance test on PostgreSQL and S3 (<see cref="SharedStoreWorker"/>).
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args[0] == "objects")
        {
            return await ObjectStoreCrash.RunAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture));
        }

        if (args[0] == "images")
        {
            return await ImageCloneCrash.RunAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        }

        if (args[0] == "pg-worker")
        {
            return await SharedStoreWorker.RunAsync(
                int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture));
        }

        string root = args[0];
        int blockSize = int.Parse(args[1], CultureInfo.InvariantCulture);
        int blocks = int.Parse(args[2], CultureInfo.InvariantCulture);
        int seed = int.Parse(args[3], CultureInfo.InvariantCulture);
        var mode = Enum.Parse<BlockWriteMode>(args[4]);

        using var store = new FileSystemBlockStore(new FileSystemBlockStoreOptions { RootPath = root, BlockSize = blockSize, WriteMode = mode });
        Console.Out.WriteLine("open");
        Console.Out.Flush();
        var progress = new LineProgress(blockSize);
        IngestResult result = await store.IngestAsync(
            new MemoryStream(CrashData.Make(blockSize, blocks, seed)),
            new IngestOptions { Progress = progress });
        Console.Out.WriteLine("done " + result.TopHash);
        return 0;
    }

    private sealed class LineProgress(int blockSize) : IProgress<long>
    {
        public void Report(long value)
        {
            Console.Out.WriteLine("block " + ((value + blockSize - 1) / blockSize).ToString(CultureInfo.InvariantCulture));
            Console.Out.Flush();
        }
    }
}
