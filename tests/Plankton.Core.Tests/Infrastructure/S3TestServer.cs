using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Plankton.Core.S3;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>
/// An S3 server the tests run against, from the environment that <c>.ci/run</c> exports after starting it: for Ceph
/// radosgw (<c>.ci/start-ceph-rgw.sh</c>) <c>PLANKTON_S3_ENDPOINT</c>, <c>PLANKTON_S3_ACCESS_KEY</c>,
/// <c>PLANKTON_S3_SECRET_KEY</c>, optionally <c>PLANKTON_S3_BUCKET</c> (default <c>plankton-ci</c>) and
/// <c>PLANKTON_S3_REGION</c> (default <c>us-east-1</c>); for OpenStack Swift's s3api (<c>.ci/start-swift.sh</c>) the
/// same names with <c>PLANKTON_SWIFT_S3_</c> in place of <c>PLANKTON_S3_</c>.
/// </summary>
/// <remarks>
/// Every instance works under its own random key prefix (<c>t-&lt;guid&gt;/</c>), so fixtures, test runs and engineers
/// sharing one server never see each other's objects; <see cref="DisposeAsync"/> deletes what was written under it.
/// </remarks>
internal sealed class S3TestServer : IAsyncDisposable
{
    public const string EndpointVariable = "PLANKTON_S3_ENDPOINT";
    public const string AccessKeyVariable = "PLANKTON_S3_ACCESS_KEY";
    public const string SecretKeyVariable = "PLANKTON_S3_SECRET_KEY";
    public const string BucketVariable = "PLANKTON_S3_BUCKET";
    public const string RegionVariable = "PLANKTON_S3_REGION";

    private int _stores;

    private S3TestServer(S3Server kind, Uri endpoint, string accessKey, string secretKey, string bucket, string region)
    {
        Kind = kind;
        Endpoint = endpoint;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Bucket = bucket;
        Region = region;
        RunPrefix = $"t-{Guid.NewGuid():N}/";
        Client = new AmazonS3Client(
            new BasicAWSCredentials(accessKey, secretKey),
            new AmazonS3Config
            {
                ServiceURL = endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = region,
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
    }

    /// <summary>Gets which server this is.</summary>
    public S3Server Kind { get; }

    public Uri Endpoint { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public string Bucket { get; }

    public string Region { get; }

    /// <summary>Gets the prefix under which everything of this instance lives.</summary>
    public string RunPrefix { get; }

    /// <summary>Gets a raw client (same settings as the store) for looking at and damaging objects.</summary>
    public AmazonS3Client Client { get; }

    /// <summary>
    /// Connects to the server named by the environment and makes sure the bucket exists. When the variables are
    /// missing, the calling fixture fails under CI (<c>CI=true</c>: the S3 tests must never be skipped silently there)
    /// and is skipped visibly (inconclusive) elsewhere.
    /// </summary>
    public static async Task<S3TestServer> ConnectOrSkipAsync(S3Server kind = S3Server.CephRgw)
    {
        string Variable(string name) => kind == S3Server.CephRgw ? name : name.Replace("PLANKTON_S3_", "PLANKTON_SWIFT_S3_", StringComparison.Ordinal);
        string? endpoint = Environment.GetEnvironmentVariable(Variable(EndpointVariable));
        string? accessKey = Environment.GetEnvironmentVariable(Variable(AccessKeyVariable));
        string? secretKey = Environment.GetEnvironmentVariable(Variable(SecretKeyVariable));
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(accessKey) || string.IsNullOrEmpty(secretKey))
        {
            string message = $"The {kind} tests need that S3 server: set {Variable(EndpointVariable)}, {Variable(AccessKeyVariable)} and " +
                $"{Variable(SecretKeyVariable)} (.ci/run starts Ceph radosgw and Swift with .ci/start-ceph-rgw.sh and .ci/start-swift.sh and sets them).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail("CI=true but no S3 server is configured. " + message);
            }

            Assume.That(false, message);
        }

        string bucket = Environment.GetEnvironmentVariable(Variable(BucketVariable)) is { Length: > 0 } b ? b : "plankton-ci";
        string region = Environment.GetEnvironmentVariable(Variable(RegionVariable)) is { Length: > 0 } r ? r : "us-east-1";
        var server = new S3TestServer(kind, new Uri(endpoint!), accessKey!, secretKey!, bucket, region);
        try
        {
            await server.Client.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists" || e.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: fine.
        }

        return server;
    }

    /// <summary>Returns options for a store under a new prefix of its own inside <see cref="RunPrefix"/>.</summary>
    public S3BlockStoreOptions NewOptions(int blockSize) => new()
    {
        ServiceUrl = Endpoint,
        Region = Region,
        BucketName = Bucket,
        KeyPrefix = $"{RunPrefix}{Interlocked.Increment(ref _stores)}/blocks/",
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        BlockSize = blockSize,
        ConditionalCreates = Kind != S3Server.SwiftS3Api,
        MaxRetries = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(50),
    };

    public async Task<byte[]> GetObjectAsync(string key)
    {
        using GetObjectResponse response = await Client.GetObjectAsync(Bucket, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    public Task PutObjectAsync(string key, byte[] content) =>
        Client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            UseChunkEncoding = false,
        });

    public async Task<List<string>> ListKeysAsync(string prefix)
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            ListObjectsV2Response page = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Bucket, Prefix = prefix, ContinuationToken = token });
            keys.AddRange(page.S3Objects?.Select(o => o.Key) ?? []);
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }

    /// <summary>Deletes every object under <see cref="RunPrefix"/> and releases the client.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            // One DELETE per key: Swift's s3api wants a Content-MD5 on DeleteObjects, which the SDK no longer sends.
            List<string> keys = await ListKeysAsync(RunPrefix);
            await Parallel.ForEachAsync(
                keys,
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (key, ct) => await Client.DeleteObjectAsync(Bucket, key, ct));
        }
        finally
        {
            Client.Dispose();
        }
    }
}

/// <summary>The S3 servers the S3 tests run against.</summary>
public enum S3Server
{
    /// <summary>Ceph radosgw: conditional creates supported.</summary>
    CephRgw,

    /// <summary>OpenStack Swift's s3api middleware: no conditional creates (501), no DeleteObjects without Content-MD5.</summary>
    SwiftS3Api,
}
