using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Measures the machine's limits (two-core SHA-256 with openssl, durable direct sequential write with dd) and the
/// three ingestion paths in the same run, and prints each figure as a ratio to its limit. Run with
/// <c>dotnet run -c Release --project benchmarks/Plankton.Core.Benchmarks -- ratios [rounds] [parallelism] [buffer MiB]</c>.
/// </summary>
internal static partial class RatioRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var options = new IngestOptions();
        if (args.Length > 2)
        {
            options.MaxDegreeOfParallelism = int.Parse(args[2], CultureInfo.InvariantCulture);
        }

        if (args.Length > 3)
        {
            options.MaxBufferedBytes = int.Parse(args[3], CultureInfo.InvariantCulture) << 20;
        }

        byte[] data = BenchmarkInputs.RandomGiB;
        string cached = BenchmarkInputs.CachedFile();

        double sha = OpenSslSha256TwoCores();
        double dd = DdDirectWrite(cached);
        Console.WriteLine($"limit: openssl sha256 -multi 2 (4 MiB blocks) = {sha:F0} MB/s");
        Console.WriteLine($"limit: dd bs=4M oflag=direct conv=fsync (1 GiB) = {dd:F0} MB/s");

        var hash = new List<double>();
        var hashCopying = new List<double>();
        var dedup = new List<double>();
        var first = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            hash.Add(await TimeAsync(async () => await PithosStreamHasher.HashAsync(BenchmarkInputs.Exposed(data), options: options)));
            hashCopying.Add(await TimeAsync(async () => await PithosStreamHasher.HashAsync(BenchmarkInputs.Hidden(data), options: options)));

            string folder = BenchmarkInputs.FreshStoreFolder("ratio-store");
            using (var store = BenchmarkInputs.OpenStore(folder))
            {
                first.Add(await TimeAsync(async () => await store.IngestAsync(BenchmarkInputs.Exposed(data), options)));
                dedup.Add(await TimeAsync(async () =>
                {
                    await using FileStream file = File.OpenRead(cached);
                    IngestResult r = await store.IngestAsync(file, options);
                    if (r.NewBlocks != 0)
                    {
                        throw new InvalidOperationException("the dedup path wrote blocks");
                    }
                }));
            }
        }

        Report("streaming hash, 1 GiB in memory (exposed MemoryStream, sliced in place)", hash, sha, "two-core SHA-256", 0.9);
        Report("streaming hash, 1 GiB in memory (hidden MemoryStream, copied per block)", hashCopying, sha, "two-core SHA-256", 0.9);
        Report("re-ingest, 1 GiB page-cached file, all blocks present", dedup, sha, "two-core SHA-256", 0.8);
        Report("first ingest, 1 GiB random into empty store (durable)", first, dd, "dd direct+fsync", 0.9);
        return 0;
    }

    private static void Report(string what, List<double> mbps, double limit, string limitName, double target)
    {
        mbps.Sort();
        double median = mbps[mbps.Count / 2];
        Console.WriteLine(
            $"{what}: median {median:F0} MB/s (min {mbps[0]:F0}, max {mbps[^1]:F0}) = {median / limit:F2} x {limitName} (target {target:F1})");
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return BenchmarkInputs.OneGiB / watch.Elapsed.TotalSeconds / 1e6;
    }

    internal static double OpenSslSha256TwoCores()
    {
        string output = Run("openssl", "speed -evp sha256 -bytes 4194304 -multi 2 -seconds 3");
        Match match = Sha256Line().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException("openssl speed printed no sha256 line:\n" + output);
        }

        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000 / 1e6;
    }

    private static double DdDirectWrite(string source)
    {
        string target = Path.Combine(BenchmarkInputs.WorkFolder, "dd-out.bin");
        try
        {
            string output = Run("dd", $"if={source} of={target} bs=4M oflag=direct conv=fsync");
            Match match = DdSeconds().Match(output);
            if (!match.Success)
            {
                throw new InvalidOperationException("dd printed no timing:\n" + output);
            }

            return BenchmarkInputs.OneGiB / double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) / 1e6;
        }
        finally
        {
            File.Delete(target);
        }
    }

    private static string Run(string file, string arguments)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using Process process = Process.Start(info)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return stdout + stderr.Result;
    }

    [GeneratedRegex(@"copied, ([0-9.]+) s", RegexOptions.None)]
    private static partial Regex DdSeconds();

    [GeneratedRegex(@"sha256\s+([0-9.]+)k", RegexOptions.None)]
    private static partial Regex Sha256Line();
}
