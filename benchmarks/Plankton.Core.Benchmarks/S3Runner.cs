using System.Diagnostics;
using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Plankton.Core.Hashing;
using Plankton.Core.Ingestion;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Benchmarks;

/// <summary>
/// The S3 figures of issue 7, all in one run against the server named by <c>PLANKTON_S3_ENDPOINT</c>,
/// <c>PLANKTON_S3_ACCESS_KEY</c>, <c>PLANKTON_S3_SECRET_KEY</c> (and optionally <c>PLANKTON_S3_BUCKET</c>,
/// <c>PLANKTON_S3_REGION</c>), as <c>.ci/start-ceph-rgw.sh</c> prints them. Run with
/// <c>dotnet run -c Release --project benchmarks/Plankton.Core.Benchmarks -- s3 [rounds] [parallelism]</c>.
/// </summary>
/// <remarks>
/// Per round, on fresh key prefixes deleted afterwards: (a) the 256 blocks of 1 GiB of random data uploaded with
/// plain AWSSDK.S3 PutObject at <c>parallelism</c> requests in flight, then the same GiB ingested into an
/// <see cref="S3BlockStore"/> whose <c>MaxConcurrentRequests</c> is the same; (b) the same GiB ingested again
/// (every block present) by a new store instance (it checks each block whole once), then again by it (one HEAD per
/// block), and by an instance with <see cref="S3BlockStoreOptions.TrustKnownBlocks"/> that already knows the blocks;
/// and (b') written as an object twice through an object store (SQLite catalogue, default S3 options): the second
/// write finds every block referenced in the catalogue and asks S3 nothing. The re-ingests go through a counting TCP
/// proxy, so the bytes sent towards the server are measured, not assumed.
/// </remarks>
internal static class S3Runner
{
    private const int Block = 4 << 20;

    public static async Task<int> RunAsync(string[] args)
    {
        int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        int parallelism = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : S3BlockStoreOptions.DefaultMaxConcurrentRequests;
        string? endpoint = Environment.GetEnvironmentVariable("PLANKTON_S3_ENDPOINT");
        string? accessKey = Environment.GetEnvironmentVariable("PLANKTON_S3_ACCESS_KEY");
        string? secretKey = Environment.GetEnvironmentVariable("PLANKTON_S3_SECRET_KEY");
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            Console.Error.WriteLine("s3: set PLANKTON_S3_ENDPOINT, PLANKTON_S3_ACCESS_KEY and PLANKTON_S3_SECRET_KEY (see .ci/start-ceph-rgw.sh).");
            return 2;
        }

        string bucket = Environment.GetEnvironmentVariable("PLANKTON_S3_BUCKET") is { Length: > 0 } b ? b : "plankton-ci";
        string region = Environment.GetEnvironmentVariable("PLANKTON_S3_REGION") is { Length: > 0 } r ? r : "us-east-1";
        var server = new Uri(endpoint);
        using var client = new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), new AmazonS3Config
        {
            ServiceURL = server.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });
        await EnsureBucketAsync(client, bucket);
        await using var proxy = new CuttableTcpProxy(server);

        byte[] data = BenchmarkInputs.RandomGiB;
        Console.WriteLine($"server {server}, bucket {bucket}, {parallelism} requests in flight, ingest parallelism {Environment.ProcessorCount}");
        var figures = new Dictionary<string, List<double>>();
        var headBytes = new List<long>();
        var trustedBytes = new List<long>();
        var catalogueBytes = new List<long>();
        for (int round = 0; round < rounds; round++)
        {
            // The machine drifts (other work shares its two cores): each ratio uses the limit measured in its own round.
            double sha = RatioRunner.OpenSslSha256TwoCores();
            Add(figures, "sha", sha);
            Add(figures, "hash", await TimeAsync(async () => await PithosStreamHasher.HashAsync(BenchmarkInputs.Exposed(data))));
            string run = $"bench-{Guid.NewGuid():N}/";
            try
            {
                S3BlockStoreOptions options = new()
                {
                    ServiceUrl = server,
                    Region = region,
                    BucketName = bucket,
                    KeyPrefix = run + "blocks/",
                    AccessKey = accessKey,
                    SecretKey = secretKey,
                    MaxConcurrentRequests = parallelism,
                };

                // (a) plain puts and the store's ingest, in alternating order, each with the CPU time this process used.
                async Task Plain() => Add(figures, "plain", await TimeAsync(() => PlainPutsAsync(client, bucket, run + "plain/", data, parallelism), figures, "plain cpu"));
                async Task Ingest()
                {
                    using var store = new S3BlockStore(options);
                    Add(figures, "ingest", await TimeAsync(() => IngestAsync(store, data, expectNew: true), figures, "ingest cpu"));
                }

                if (round % 2 == 0)
                {
                    await Plain();
                    await Ingest();
                }
                else
                {
                    await Ingest();
                    await Plain();
                }

                Add(figures, "a", figures["ingest"][^1] / figures["plain"][^1]);

                // (b) re-ingests through the counting proxy.
                S3BlockStoreOptions viaProxy = options.Clone();
                viaProxy.ServiceUrl = proxy.Endpoint;
                using (var store = new S3BlockStore(viaProxy))
                {
                    Add(figures, "fresh", await TimeAsync(() => IngestAsync(store, data, expectNew: false)));
                    long before = proxy.UpstreamBytes;
                    Add(figures, "heads", await TimeAsync(() => IngestAsync(store, data, expectNew: false)));
                    headBytes.Add(proxy.UpstreamBytes - before);
                }

                viaProxy.TrustKnownBlocks = true;
                using (var store = new S3BlockStore(viaProxy))
                {
                    await IngestAsync(store, data, expectNew: false);
                    long before = proxy.UpstreamBytes;
                    Add(figures, "trusted", await TimeAsync(() => IngestAsync(store, data, expectNew: false)));
                    trustedBytes.Add(proxy.UpstreamBytes - before);
                }

                viaProxy.TrustKnownBlocks = false;
                catalogueBytes.Add(await CatalogueReingestAsync(viaProxy, proxy, data, figures));

                Add(figures, "b", figures["trusted"][^1] / sha);
                Add(figures, "b catalogue", figures["catalogue"][^1] / sha);
                Add(figures, "b heads", figures["heads"][^1] / sha);
            }
            finally
            {
                await DeletePrefixAsync(client, bucket, run);
            }

            Console.WriteLine(
                $"round {round + 1}: sha256 x2 {sha:F0}, hash {figures["hash"][^1]:F0}, plain {figures["plain"][^1]:F0} ({figures["plain cpu"][^1]:F1} cpu-s), " +
                $"ingest {figures["ingest"][^1]:F0} ({figures["ingest cpu"][^1]:F1} cpu-s), fresh re-ingest {figures["fresh"][^1]:F0}, " +
                $"HEAD re-ingest {figures["heads"][^1]:F0} ({headBytes[^1]} B sent), trusted re-ingest {figures["trusted"][^1]:F0} MB/s ({trustedBytes[^1]} B sent), " +
                $"catalogue re-write {figures["catalogue"][^1]:F0} MB/s ({catalogueBytes[^1]} B sent)");
        }

        Console.WriteLine($"limit: openssl sha256 -multi 2 (4 MiB blocks), per round: median {Median(figures["sha"]):F0} MB/s");
        Report("streaming hash of the GiB, no store (reference)", figures["hash"]);
        Report("plain AWSSDK.S3 PutObject, 256 x 4 MiB", figures["plain"]);
        Report("(a) first ingest, 1 GiB random into S3BlockStore", figures["ingest"]);
        Console.WriteLine(
            $"    process CPU per GiB: plain {Median(figures["plain cpu"]):F1} s, ingest {Median(figures["ingest cpu"]):F1} s; " +
            $"allocated: plain {Median(figures["plain cpu alloc"]):F0} MiB, ingest {Median(figures["ingest cpu alloc"]):F0} MiB");
        Console.WriteLine($"(a) ratio ingest / plain puts, same round: median {Median(figures["a"]):F2} (min {figures["a"].Min():F2}, max {figures["a"].Max():F2}; target 0.9)");
        Report("re-ingest by a new instance (each block checked whole once: GET)", figures["fresh"]);
        Report($"re-ingest, one HEAD per block ({Median(headBytes)} B sent)", figures["heads"]);
        Console.WriteLine($"    ratio to two-core SHA-256, same round: median {Median(figures["b heads"]):F2}");
        Report($"(b) re-ingest with TrustKnownBlocks ({Median(trustedBytes)} B sent: no request)", figures["trusted"]);
        Console.WriteLine($"(b) ratio to two-core SHA-256, same round: median {Median(figures["b"]):F2} (min {figures["b"].Min():F2}, max {figures["b"].Max():F2}; target 0.8)");
        Report($"(b') object re-written through the catalogue, default options ({Median(catalogueBytes)} B sent: no request)", figures["catalogue"]);
        Console.WriteLine($"(b') ratio to two-core SHA-256, same round: median {Median(figures["b catalogue"]):F2} (min {figures["b catalogue"].Min():F2}, max {figures["b catalogue"].Max():F2}; target 0.8)");
        return trustedBytes.All(bytes => bytes == 0) && catalogueBytes.All(bytes => bytes == 0) ? 0 : 1;
    }

    /// <summary>
    /// Writes the GiB as an object through a SQLite catalogue over the proxied store, then writes it again as a second
    /// object and records that second write's throughput; returns the bytes it sent towards the server.
    /// </summary>
    private static async Task<long> CatalogueReingestAsync(S3BlockStoreOptions options, CuttableTcpProxy proxy, byte[] data, Dictionary<string, List<double>> figures)
    {
        string folder = Path.Combine(BenchmarkInputs.WorkFolder, "s3-catalogue-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var blocks = new S3BlockStore(options);
            using SqliteObjectStore store = await SqliteObjectStore.OpenAsync(new SqliteObjectStoreOptions { DatabasePath = Path.Combine(folder, "catalogue.db") }, blocks);
            await store.EnsureAccountAsync("bench", "bench");
            await store.EnsureContainerAsync("bench", "bench", "images");
            await store.WriteAsync("bench", new ObjectPath("bench", "images", "first"), BenchmarkInputs.Exposed(data));
            long before = proxy.UpstreamBytes;
            Add(figures, "catalogue", await TimeAsync(async () =>
            {
                ObjectWriteResult again = await store.WriteAsync("bench", new ObjectPath("bench", "images", "second"), BenchmarkInputs.Exposed(data));
                if (again.Ingest.NewBlocks != 0)
                {
                    throw new InvalidOperationException($"the re-write stored {again.Ingest.NewBlocks} new blocks");
                }
            }));
            return proxy.UpstreamBytes - before;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Add(Dictionary<string, List<double>> figures, string name, double value)
    {
        if (!figures.TryGetValue(name, out List<double>? list))
        {
            figures[name] = list = [];
        }

        list.Add(value);
    }

    private static async Task PlainPutsAsync(AmazonS3Client client, string bucket, string prefix, byte[] data, int parallelism) =>
        await Parallel.ForEachAsync(
            Enumerable.Range(0, data.Length / Block),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, ct) =>
            {
                using var body = new MemoryStream(data, i * Block, Block, writable: false);
                await client.PutObjectAsync(
                    new PutObjectRequest
                    {
                        BucketName = bucket,
                        Key = $"{prefix}{i:D5}",
                        InputStream = body,
                        AutoCloseStream = false,
                        UseChunkEncoding = false,
                        ContentType = "application/octet-stream",
                    },
                    ct);
            });

    private static async Task IngestAsync(S3BlockStore store, byte[] data, bool expectNew)
    {
        IngestResult result = await store.IngestAsync(BenchmarkInputs.Exposed(data));
        if (result.NewBlocks != (expectNew ? result.Hashmap.Count : 0))
        {
            throw new InvalidOperationException($"expected {(expectNew ? "only new" : "no new")} blocks, got {result.NewBlocks} new of {result.Hashmap.Count}");
        }
    }

    private static async Task EnsureBucketAsync(AmazonS3Client client, string bucket)
    {
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" || e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there.
        }
    }

    private static async Task DeletePrefixAsync(AmazonS3Client client, string bucket, string prefix)
    {
        string? token = null;
        do
        {
            ListObjectsV2Response page = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token });
            List<KeyVersion> keys = [.. (page.S3Objects ?? []).Select(o => new KeyVersion { Key = o.Key })];
            if (keys.Count > 0)
            {
                await client.DeleteObjectsAsync(new DeleteObjectsRequest { BucketName = bucket, Objects = keys });
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
    }

    private static async Task<double> TimeAsync(Func<Task> action, Dictionary<string, List<double>>? figures = null, string? cpuName = null)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes();
        var watch = Stopwatch.StartNew();
        await action();
        double mbps = BenchmarkInputs.OneGiB / watch.Elapsed.TotalSeconds / 1e6;
        if (figures is not null && cpuName is not null)
        {
            Add(figures, cpuName, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            Add(figures, cpuName + " alloc", (GC.GetTotalAllocatedBytes() - allocated) / 1048576.0);
        }

        return mbps;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static long Median(List<long> values) => values.Order().ElementAt(values.Count / 2);

    private static void Report(string what, List<double> mbps) =>
        Console.WriteLine($"{what}: median {Median(mbps):F0} MB/s (min {mbps.Min():F0}, max {mbps.Max():F0})");
}
