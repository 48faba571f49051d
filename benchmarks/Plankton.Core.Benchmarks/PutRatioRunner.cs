using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Plankton.Core.Diagnostics;
using Plankton.Core.Images;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects.Sqlite;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// Paired rounds of the put-overhead target: in each round, 1 GiB of random data goes into a fresh, empty store once
/// by raw ingestion and once by an image put (SQLite catalogue), in alternating order, and the round's ratio is
/// put time / ingest time; pairing cancels the machine's drift. Run with
/// <c>dotnet run -c Release --project benchmarks/Plankton.Core.Benchmarks -- put-ratio [rounds]</c>.
/// </summary>
internal static class PutRatioRunner
{
    private static long s_pinTransactions;

    public static async Task<int> RunAsync(string[] args)
    {
        using MeterListener pins = ListenToPinTransactions();
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        byte[] data = BenchmarkInputs.RandomGiB;
        var ratios = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            double ingest;
            double put;
            if (round % 2 == 0)
            {
                ingest = await TimeIngestAsync(data);
                put = await TimePutAsync(data);
            }
            else
            {
                put = await TimePutAsync(data);
                ingest = await TimeIngestAsync(data);
            }

            ratios.Add(put / ingest);
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"round {round + 1}: ingest {ingest:F3} s, put {put:F3} s, ratio {put / ingest:F3}, pin transactions {Interlocked.Exchange(ref s_pinTransactions, 0)}"));
        }

        if (rounds > 0)
        {
            ratios.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"put / raw ingest, 1 GiB into an empty store: median {ratios[ratios.Count / 2]:F3} (min {ratios[0]:F3}, max {ratios[^1]:F3}, {rounds} rounds; target <= 1.05)"));
        }

        // The put's own work is fixed per image (catalogue versions, permission checks, a missing-blocks query over
        // the hashmap): measured on a one-block image, where the ingest itself costs next to nothing.
        byte[] small = BenchmarkInputs.MakeRandom(4096, 7);
        var overhead = new List<double>();
        for (int i = 0; i < 31; i++)
        {
            overhead.Add(await TimePutAsync(small) - await TimeIngestAsync(small));
        }

        overhead.Sort();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"fixed cost of a put over raw ingestion (4 KiB image, 31 pairs): median {overhead[15] * 1000:F2} ms (min {overhead[0] * 1000:F2}, max {overhead[^1] * 1000:F2})"));
        return 0;
    }

    /// <summary>Counts the catalogue's pin transactions (<see cref="PlanktonMetrics.PinTransactions"/>) into <see cref="s_pinTransactions"/>.</summary>
    private static MeterListener ListenToPinTransactions()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PlanktonMetrics.MeterName && instrument.Name == PlanktonMetrics.PinTransactions)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref s_pinTransactions, value));
        listener.Start();
        return listener;
    }

    private static async Task<double> TimeIngestAsync(byte[] data)
    {
        string folder = BenchmarkInputs.FreshStoreFolder("put-ratio");
        using var blocks = BenchmarkInputs.OpenStore(Path.Combine(folder, "blocks"));
        var watch = Stopwatch.StartNew();
        await blocks.IngestAsync(BenchmarkInputs.Exposed(data));
        return watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimePutAsync(byte[] data)
    {
        string folder = BenchmarkInputs.FreshStoreFolder("put-ratio");
        using var blocks = BenchmarkInputs.OpenStore(Path.Combine(folder, "blocks"));
        using (SqliteObjectStore store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(folder, "catalogue.db") }, blocks))
        {
            var images = new PithosImageBackend(store);
            var watch = Stopwatch.StartNew();
            await images.PutAsync("bench", BenchmarkInputs.Exposed(data), new ImageCreateRequest { Name = "image" });
            double seconds = watch.Elapsed.TotalSeconds;
            SqliteConnection.ClearAllPools();
            return seconds;
        }
    }
}
