using System.Diagnostics;
using System.Globalization;
using Plankton.Core.CrashHost;
using Plankton.Core.Hashing;
using Plankton.Core.Images;
using Plankton.Core.PostgreSql;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Objects;

/// <summary>
/// Two processes share one PostgreSQL catalogue and one S3 key prefix (issue 7, docs/scale-out.md): each
/// (<see cref="SharedStoreWorker"/> in <c>tests/Plankton.Core.CrashHost</c>) uploads images whose blocks overlap with
/// the other's, reads its own back, deletes and purges some, and collects garbage in a loop, for a bounded time.
/// Neither may ever fail a read (a block that an image needed deleted by either collector) or meet any other error;
/// afterwards every image they left active reads back byte-identical with its checksum, and a final collection
/// leaves exact counts, no unreferenced block in the catalogue and no object under the prefix that the catalogue
/// does not reference.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PostgreSqlS3MultiInstanceTests : S3ServerFixture
{
    private const int Workers = 2;
    private const int Seconds = 15;
    private static readonly TimeSpan s_hangLimit = TimeSpan.FromSeconds(Seconds + 45);

    private string _connectionString = string.Empty;

    private static string HostPath => Path.Combine(AppContext.BaseDirectory, "Plankton.Core.CrashHost.dll");

    [OneTimeSetUp]
    public void Connect() => _connectionString = PostgreSqlTestServer.ConnectionStringOrSkip();

    [TestCase(1)]
    public async Task TwoProcesses_UploadDeleteAndCollectConcurrently_NoNeededBlockIsLostAndNothingIsLeftOver(int seed)
    {
        PostgreSqlObjectStoreOptions catalogue = PostgreSqlTestServer.NewOptions(_connectionString);
        S3BlockStoreOptions blockOptions = Server.NewOptions(SharedStoreWorker.BlockSize);
        try
        {
            WorkerResult[] results = await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => RunWorkerAsync(w, seed, catalogue, blockOptions)));

            foreach (WorkerResult result in results)
            {
                result.ExitCode.Should().Be(0, "worker {0} met no failure:\n{1}\n{2}", result.Worker, string.Join('\n', result.Failures), result.Errors);
                result.Lines.Should().Contain("done");
            }

            Dictionary<string, long> totals = Totals(results);
            TestContext.Out.WriteLine("totals: " + string.Join(", ", totals.Select(t => $"{t.Key}={t.Value}")));
            totals["uploads"].Should().BeGreaterThan(20, "both workers uploaded throughout");
            totals["deletes"].Should().BePositive("images were deleted and purged while others uploaded");
            totals["deduplicated"].Should().BePositive("uploads met blocks that were already stored");
            totals["collected"].Should().BePositive("the collectors deleted blocks while uploads ran");
            totals["reads"].Should().BePositive("the workers read their images back during the run");

            await AssertImagesReadBackAsync(catalogue, blockOptions, results.SelectMany(static r => r.Images).ToDictionary());
        }
        finally
        {
            await PostgreSqlTestServer.DropSchemaAsync(_connectionString, catalogue.Schema);
        }
    }

    private static Dictionary<string, long> Totals(WorkerResult[] results)
    {
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string field in results.SelectMany(static r => r.Lines.Where(static l => l.StartsWith("stats ", StringComparison.Ordinal))).SelectMany(static l => l.Split(' ').Skip(1)))
        {
            string[] pair = field.Split('=');
            totals[pair[0]] = totals.GetValueOrDefault(pair[0]) + long.Parse(pair[1], CultureInfo.InvariantCulture);
        }

        return totals;
    }

    private async Task AssertImagesReadBackAsync(PostgreSqlObjectStoreOptions catalogue, S3BlockStoreOptions blockOptions, Dictionary<Guid, int> expected)
    {
        expected.Should().NotBeEmpty();
        using var blocks = new S3BlockStore(blockOptions);
        using (PostgreSqlObjectStore store = await PostgreSqlObjectStore.OpenAsync(catalogue, blocks))
        {
            var backend = new PithosImageBackend(store);
            ImageListPage listed = await backend.ListAsync(SharedStoreWorker.User, new ImageListQuery { Limit = 1000 });
            listed.Images.Where(static i => i.Status == ImageStatus.Active).Select(static i => i.Id)
                .Should().BeEquivalentTo(expected.Keys, "the active images are exactly those the workers left");
            foreach ((Guid id, int contentSeed) in expected)
            {
                ImageRecord image = await backend.GetAsync(SharedStoreWorker.User, id);
                byte[] read = await StreamBytes.ReadAllAndDisposeAsync(await backend.OpenReadAsync(SharedStoreWorker.User, id));
                Hashmap hashed = await PithosStreamHasher.HashAsync(new MemoryStream(read), SharedStoreWorker.BlockSize);
                read.Should().Equal(SharedStoreWorker.ImageData(contentSeed), "image {0} reads back byte-identical", id);
                hashed.TopHash.ToString().Should().Be(image.Checksum, "image {0} matches its checksum", id);
            }

            await store.CollectGarbageAsync();
        }

        await PostgreSqlBlockReferenceAudit.AssertOnlyReferencedBlocksRemainAsync(_connectionString, catalogue.Schema, blocks);
        (await Server.ListKeysAsync(blockOptions.KeyPrefix)).Should().HaveCount(
            (int)await PostgreSqlTestServer.ScalarAsync(_connectionString, catalogue.Schema, "SELECT COUNT(*) FROM blocks"),
            "every object under the prefix is a block the catalogue references");
    }

    private async Task<WorkerResult> RunWorkerAsync(int worker, int seed, PostgreSqlObjectStoreOptions catalogue, S3BlockStoreOptions blockOptions)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { HostPath, "pg-worker", Invariant(worker), Invariant(seed), Invariant(Seconds) })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["PLANKTON_WORKER_PG"] = catalogue.ConnectionString;
        info.Environment["PLANKTON_WORKER_SCHEMA"] = catalogue.Schema;
        info.Environment["PLANKTON_WORKER_S3_PREFIX"] = blockOptions.KeyPrefix;
        info.Environment[S3TestServer.EndpointVariable] = Server.Endpoint.ToString();
        info.Environment[S3TestServer.RegionVariable] = Server.Region;
        info.Environment[S3TestServer.BucketVariable] = Server.Bucket;
        info.Environment[S3TestServer.AccessKeyVariable] = Server.AccessKey;
        info.Environment[S3TestServer.SecretKeyVariable] = Server.SecretKey;

        using Process host = Process.Start(info)!;
        Task<string> output = host.StandardOutput.ReadToEndAsync();
        Task<string> errors = host.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(s_hangLimit))
        {
            try
            {
                await host.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                host.Kill(entireProcessTree: true);
                Assert.Fail($"worker {worker} did not finish within {s_hangLimit}: {await output}");
            }
        }

        string[] lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var images = lines.Where(static l => l.StartsWith("image ", StringComparison.Ordinal))
            .Select(static l => l.Split(' '))
            .ToDictionary(static p => Guid.Parse(p[1]), static p => int.Parse(p[2], CultureInfo.InvariantCulture));
        return new WorkerResult(worker, host.ExitCode, lines, images, [.. lines.Where(static l => l.StartsWith("failure ", StringComparison.Ordinal))], await errors);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record WorkerResult(int Worker, int ExitCode, string[] Lines, Dictionary<Guid, int> Images, string[] Failures, string Errors);
}
