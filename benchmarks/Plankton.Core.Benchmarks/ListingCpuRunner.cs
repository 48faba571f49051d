using System.Diagnostics;
using System.Globalization;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// The listing benchmarks' operations timed in wall-clock and in the process's CPU time per operation, which a busy
/// shared machine inflates far less than wall-clock (the listings are single-threaded and CPU-bound once the
/// catalogue is in the page cache). Uses the catalogues the BenchmarkDotNet classes build. Run with
/// <c>dotnet run -c Release --project benchmarks/Plankton.Core.Benchmarks -- listing-cpu [iterations] [part of the operations' names]</c>.
/// </summary>
internal static class ListingCpuRunner
{
    /// <summary>When set (the third argument), only the operations whose names contain it are timed.</summary>
    private static string? s_only;

    public static async Task<int> RunAsync(string[] args)
    {
        int iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        s_only = args.Length > 2 ? args[2] : null;
        Console.WriteLine("operation | size | wall ms/op (median of 5 rounds) | CPU ms/op (median of 5 rounds)");
        foreach (int size in new[] { 1_000, 100_000 })
        {
            var objects = new ObjectStoreBenchmarks { ObjectCount = size };
            await objects.Setup();
            await ReportAsync("ListObjectsAsync, 100 with os = 'linux 3'", size, iterations, objects.FilteredPage);
            await ReportAsync("ListObjectsAsync, 100 with !os (none match: one scan window)", size, iterations, objects.NoMatchPage);
            await ReportAsync("ListObjectsAsync, 100 with !os sorted by uuid desc (one scan window)", size, iterations, objects.NoMatchByUuidPage);
            await ReportAsync("ListObjectsAsync, 100 with !os sorted by size desc (one tie: one scan window)", size, iterations, objects.NoMatchBySizePage);
            await ReportAsync("ListObjectsAsync, 100 sorted by size descending (one tie, every row matches)", size, iterations, objects.SizeSortedPage);
            await ReportAsync("ListObjectsAsync, 100 with tier != standard (1 in 1,000)", size, iterations, objects.OtherValuePage);
            await ReportAsync("ListObjectsAsync, history (until now), 100 with key 'rare'", size, iterations, objects.HistoryRarePage);
            await ReportAsync("ListObjectsAsync, 100 sorted by key 'rare' (objects without it first)", size, iterations, objects.MissingKeyPage);
            await ReportAsync("ListObjectsAsync, 100 sorted by key 'rare', then uuid (objects without it first)", size, iterations, objects.MissingKeyByUuidPage);
            await ReportAsync("ListObjectsAsync, 100 sorted by tier, then uuid, half-way through tier = standard", size, iterations, objects.DeepTiePage);
            await ReportAsync("ListObjectsAsync, 100 sorted by tier descending, half-way through tier = standard", size, iterations, objects.DeepDescendingTiePage);
            objects.Store.ListScanLimit = int.MaxValue; // as before scan windows: the walk reads until the page fills
            await ReportAsync("same !os page without a scan window", size, Math.Max(1, iterations / 10), objects.NoMatchPage);
            await ReportAsync("same history page without a scan window", size, Math.Max(1, iterations / 10), objects.HistoryRarePage);
            await ReportAsync("same sorted !os page without a scan window", size, Math.Max(1, iterations / 10), objects.NoMatchByUuidPage);
            objects.Cleanup();

            var images = new ImageListingBenchmarks { ImageCount = size };
            await images.Setup();
            await ReportAsync("ListPublicAsync, 25 qcow2 linux by created_at desc", size, iterations, images.FirstPage);
            await ReportAsync("same, next page (marker)", size, iterations, images.NextPage);
            await ReportAsync("same filters by created_at:asc (first page)", size, Math.Max(1, iterations / 10), images.CreatedAscendingPage);
            images.Cleanup();
        }

        return 0;
    }

    private static async Task ReportAsync(string name, int size, int iterations, Func<Task<int>> operation)
    {
        if (s_only is not null && !name.Contains(s_only, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        for (int i = 0; i < iterations / 4; i++)
        {
            await operation();
        }

        var wall = new List<double>();
        var cpu = new List<double>();
        using var process = Process.GetCurrentProcess();
        for (int round = 0; round < 5; round++)
        {
            process.Refresh();
            TimeSpan cpuStart = process.TotalProcessorTime;
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < iterations; i++)
            {
                await operation();
            }

            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);
            process.Refresh();
            wall.Add(elapsed.TotalMilliseconds / iterations);
            cpu.Add((process.TotalProcessorTime - cpuStart).TotalMilliseconds / iterations);
        }

        wall.Sort();
        cpu.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} | {size} | {wall[2]:F2} | {cpu[2]:F2}"));
    }
}
