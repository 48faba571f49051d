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

        // Cold: nothing ingested yet, so the peak includes the pipeline's buffers, its threads and the JIT.
        ResetPeak();
        long cold = ReadStatusKiB("VmRSS");
        IngestResult result = await store.IngestAsync(new PseudoRandomStream(size, seed: 2));
        long coldPeak = ReadStatusKiB("VmHWM");
        Console.WriteLine($"ingested {result.Size / (1 << 20)} MiB in {result.Hashmap.Count} blocks ({result.NewBlocks} new)");
        Console.WriteLine($"cold: baseline VmRSS {cold / 1024.0:F1} MiB, peak VmHWM {coldPeak / 1024.0:F1} MiB, peak above baseline {(coldPeak - cold) / 1024.0:F1} MiB (target < 64 MiB)");

        // Warm: a second ingest of the same size after the first; the pooled buffers are now part of the baseline.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        ResetPeak();
        long warm = ReadStatusKiB("VmRSS");
        await store.IngestAsync(new PseudoRandomStream(size, seed: 3));
        long warmPeak = ReadStatusKiB("VmHWM");
        Console.WriteLine($"warm: baseline VmRSS {warm / 1024.0:F1} MiB, peak VmHWM {warmPeak / 1024.0:F1} MiB, peak above baseline {(warmPeak - warm) / 1024.0:F1} MiB");
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
