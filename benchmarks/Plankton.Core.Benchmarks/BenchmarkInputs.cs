using Plankton.Core.Blocks.FileSystem;

namespace Plankton.Core.Benchmarks;

/// <summary>Inputs shared by the benchmarks and the ratio runner: random data, a page-cached file, store folders.</summary>
internal static class BenchmarkInputs
{
    public const int OneGiB = 1 << 30;

    private static byte[]? s_random;

    /// <summary>Gets 1 GiB of random bytes (made once per process, deterministic).</summary>
    public static byte[] RandomGiB => s_random ??= MakeRandom(OneGiB, 42);

    /// <summary>Gets a folder for benchmark files on the same disk as the repository (not tmpfs).</summary>
    public static string WorkFolder
    {
        get
        {
            string folder = Environment.GetEnvironmentVariable("PLANKTON_BENCH_DIR")
                ?? Path.Combine(Path.GetTempPath(), "plankton-bench");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>An in-memory stream over <paramref name="data"/> that exposes its buffer (the pipeline slices it without copying).</summary>
    public static MemoryStream Exposed(byte[] data) => new(data, 0, data.Length, writable: false, publiclyVisible: true);

    /// <summary>An in-memory stream that hides its buffer, so every block is copied as from any other stream.</summary>
    public static MemoryStream Hidden(byte[] data) => new(data, writable: false);

    public static byte[] MakeRandom(int length, int seed)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes the random GiB to a file once and reads it back so that it sits in the page cache.</summary>
    public static string CachedFile()
    {
        string path = Path.Combine(WorkFolder, "input-1g.bin");
        if (!File.Exists(path) || new FileInfo(path).Length != OneGiB)
        {
            File.WriteAllBytes(path, RandomGiB);
        }

        using FileStream stream = File.OpenRead(path);
        stream.CopyTo(Stream.Null, 4 << 20);
        return path;
    }

    /// <summary>Returns a fresh, empty store folder path (any previous one with that name is removed).</summary>
    public static string FreshStoreFolder(string name)
    {
        string path = Path.Combine(WorkFolder, name);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        return path;
    }

    public static FileSystemBlockStore OpenStore(string folder) =>
        new(new FileSystemBlockStoreOptions { RootPath = folder });
}
