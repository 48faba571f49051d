using System.Globalization;
using Plankton.Core.Ingestion;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Measures the peak resident memory of one large ingest above the process baseline (Linux: VmHWM after resetting
/// it through /proc/self/clear_refs). Run with
/// <c>dotnet run -c Release --project benchmarks/Plankton.Core.Benchmarks -- memory [GiB]</c>.
/// </summary>
internal static class MemoryRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        int gib = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
        long size = (long)gib << 30;
        string folder = BenchmarkInputs.FreshStoreFolder("memory-store");
        using var store = BenchmarkInputs.OpenStore(folder);

        // Warm up code paths on a small input, then settle the heap so the baseline is the steady state.
        await store.IngestAsync(new PseudoRandomStream(64L << 20, seed: 1));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeak();
        long baseline = ReadStatusKiB("VmRSS");

        IngestResult result = await store.IngestAsync(new PseudoRandomStream(size, seed: 2));

        long peak = ReadStatusKiB("VmHWM");
        Console.WriteLine($"ingested {result.Size / (1 << 20)} MiB in {result.Hashmap.Count} blocks ({result.NewBlocks} new)");
        Console.WriteLine($"baseline VmRSS {baseline / 1024.0:F1} MiB, peak VmHWM {peak / 1024.0:F1} MiB, peak above baseline {(peak - baseline) / 1024.0:F1} MiB (target < 64 MiB)");
        Directory.Delete(folder, recursive: true);
        return 0;
    }

    private static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    private static long ReadStatusKiB(string key)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {key}");
    }
}
