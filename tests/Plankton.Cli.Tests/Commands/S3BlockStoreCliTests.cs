using Plankton.Core.Hashing;
using Plankton.Core.S3;

namespace Plankton.Cli.Tests.Commands;

/// <summary>
/// The tool with <c>--block-store s3</c>: the catalogue in the store folder, the blocks in an S3 bucket. The
/// round trip runs against the server that <c>.ci/run</c> starts (Ceph radosgw) and names in
/// <c>PLANKTON_S3_ENDPOINT</c>, <c>PLANKTON_S3_ACCESS_KEY</c>, <c>PLANKTON_S3_SECRET_KEY</c> and
/// <c>PLANKTON_S3_BUCKET</c>, which the tool itself reads; without them it fails under <c>CI=true</c> and is skipped
/// visibly (inconclusive) elsewhere, as the library's S3 tests are.
/// </summary>
public sealed class S3BlockStoreCliTests : StoreFixture
{
    private const int Block = 4 * 1024 * 1024;

    [Test]
    public async Task PutThenDownload_OnS3_RoundTripsWithBlocksInTheBucketOnly()
    {
        RequireS3Server();
        string prefix = $"cli-{Guid.NewGuid():N}/blocks/";
        byte[] data = RandomBytes((2 * Block) + 1000, seed: 21);
        string[] s3 = ["--block-store", "s3", "--s3-prefix", prefix];
        using S3BlockStore bucket = new(StoreSession.ResolveS3(CliApp.Build(new CliRuntime(TextWriter.Null, TextWriter.Null, null, null)).Parse(s3))!);
        try
        {
            CliRun put = await RunAsync(["put", WriteFile(data), "--name", "on-s3", "--json", "--quiet", .. s3]);
            string id = Json(put).GetProperty("id").GetString()!;
            string target = Path.Combine(Folder, "back.img");
            CliRun download = await RunAsync(["download", id, "-o", target, "--quiet", .. s3]);
            CliRun again = await RunAsync(["put", WriteFile(data), "--name", "again", .. s3]);
            List<BlockHash> stored = await ListAsync(bucket);

            download.ExitCode.Should().Be(0, download.Error);
            File.ReadAllBytes(target).Should().Equal(data);
            stored.Should().HaveCount(3, "the image's three blocks are objects under the prefix");
            Directory.Exists(Path.Combine(Store, StoreSession.BlocksFolderName)).Should().BeFalse("no block is written to the store folder");
            File.Exists(Path.Combine(Store, StoreSession.CatalogueFileName)).Should().BeTrue();
            again.ExitCode.Should().Be(0, again.Error);
            again.Error.Should().Contain("0 bytes new").And.Contain($"{data.Length} bytes deduplicated");
        }
        finally
        {
            foreach (BlockHash hash in await ListAsync(bucket))
            {
                await bucket.DeleteAsync(hash);
            }
        }
    }

    [Test]
    public async Task Put_UnknownBlockStore_ExitsWithInvalidInputNamingTheOption()
    {
        CliRun run = await RunAsync("put", WriteFile([1, 2, 3]), "--name", "x", "--block-store", "nfs");

        run.ExitCode.Should().Be(5);
        run.Error.Should().Contain("--block-store must be 'files' or 's3'; it is 'nfs'");
        Directory.Exists(Store).Should().BeFalse();
    }

    [Test]
    public async Task Put_S3ServerUnreachable_ExitsWithIoErrorAndLeavesNoImage()
    {
        CliRun put = await RunAsync(
            "put", WriteFile(RandomBytes(10_000)), "--name", "lost", "--quiet",
            "--block-store", "s3", "--s3-endpoint", "http://127.0.0.1:1/", "--s3-bucket", "nowhere");
        CliRun list = await RunAsync("list", "--json");

        put.ExitCode.Should().Be(8, put.Error);
        put.Error.Should().StartWith("plankton: S3 ").And.Contain("bucket 'nowhere' at http://127.0.0.1:1/");
        Json(list).GetProperty("images").GetArrayLength().Should().Be(0);
    }

    private static async Task<List<BlockHash>> ListAsync(S3BlockStore bucket)
    {
        var hashes = new List<BlockHash>();
        await foreach (BlockHash hash in bucket.EnumerateAsync())
        {
            hashes.Add(hash);
        }

        return hashes;
    }

    private static void RequireS3Server()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(StoreSession.S3EndpointVariable)))
        {
            return;
        }

        string message = $"The S3 CLI test needs an S3 server: set {StoreSession.S3EndpointVariable}, {StoreSession.S3AccessKeyVariable}, " +
            $"{StoreSession.S3SecretKeyVariable} and {StoreSession.S3BucketVariable} (.ci/run starts Ceph radosgw and sets them).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but no S3 server is configured. " + message);
        }

        Assume.That(false, message);
    }
}
