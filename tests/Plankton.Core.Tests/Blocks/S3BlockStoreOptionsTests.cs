using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Plankton.Core.Blocks;
using Plankton.Core.Hashing;
using Plankton.Core.S3;

namespace Plankton.Core.Tests.Blocks;

/// <summary>Options validation and behaviour without a server; needs no S3 server, so it always runs.</summary>
[TestFixture]
public sealed class S3BlockStoreOptionsTests
{
    private static readonly (string Property, Action<S3BlockStoreOptions> Break)[] s_invalid =
    [
        ("BucketName", o => o.BucketName = string.Empty),
        ("BucketName", o => o.BucketName = "Upper-Case"),
        ("BucketName", o => o.BucketName = "ab"),
        ("BucketName", o => o.BucketName = "bucket_with_underscore"),
        ("BucketName", o => o.BucketName = "-starts-with-dash"),
        ("BucketName", o => o.BucketName = null!),
        ("ServiceUrl", o => o.ServiceUrl = new Uri("ftp://127.0.0.1/")),
        ("ServiceUrl", o => o.ServiceUrl = new Uri("relative", UriKind.Relative)),
        ("Region", o => (o.ServiceUrl, o.Region) = (null, null)),
        ("Region", o => o.Region = "us east 1"),
        ("KeyPrefix", o => o.KeyPrefix = null!),
        ("KeyPrefix", o => o.KeyPrefix = "/blocks/"),
        ("KeyPrefix", o => o.KeyPrefix = "a\nb/"),
        ("SecretKey", o => o.SecretKey = null),
        ("AccessKey", o => o.AccessKey = null),
        ("BlockSize", o => o.BlockSize = 0),
        ("BlockSize", o => o.BlockSize = HashingConstants.DefaultBlockSize + 1),
        ("BlockSize", o => o.BlockSize = HashingConstants.MaxBlockSize * 2),
        ("MaxConcurrentRequests", o => o.MaxConcurrentRequests = 0),
        ("MaxConcurrentRequests", o => o.MaxConcurrentRequests = 1025),
        ("MaxRetries", o => o.MaxRetries = -1),
        ("MaxRetries", o => o.MaxRetries = 21),
        ("RetryBaseDelay", o => o.RetryBaseDelay = TimeSpan.FromSeconds(-1)),
        ("RetryBaseDelay", o => o.RetryBaseDelay = TimeSpan.FromMinutes(1)),
        ("MaxRetryDelay", o => (o.RetryBaseDelay, o.MaxRetryDelay) = (TimeSpan.Zero, TimeSpan.FromHours(1))),
        ("RequestTimeout", o => o.RequestTimeout = TimeSpan.Zero),
    ];

    public static IEnumerable<TestCaseData> InvalidOptions() =>
        s_invalid.Select((c, i) => new TestCaseData(i).SetArgDisplayNames($"{c.Property} #{i}"));

    [TestCaseSource(nameof(InvalidOptions))]
    public void Constructor_InvalidSetting_ThrowsArgumentExceptionNamingIt(int index)
    {
        (string property, Action<S3BlockStoreOptions> breakIt) = s_invalid[index];
        S3BlockStoreOptions options = ValidOptions();
        breakIt(options);

        Action act = () => new S3BlockStore(options).Dispose();

        act.Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == property && e.Message.Contains("S3BlockStoreOptions." + property, StringComparison.Ordinal));
    }

    [Test]
    public void Constructor_NullOptions_ThrowsArgumentNullException()
    {
        Action act = () => _ = new S3BlockStore(null!);

        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
    }

    [Test]
    public void Constructor_ValidOptions_SendsNothingAndKeepsTheSettings()
    {
        using var store = new S3BlockStore(ValidOptions());

        store.BlockSize.Should().Be(HashingConstants.DefaultBlockSize);
        store.BucketName.Should().Be("plankton-test");
        store.KeyPrefix.Should().Be("blocks/");
        store.GetObjectKey(BlockHash.Empty).Should().Be("blocks/" + BlockHash.Empty.ToString());
    }

    [Test]
    public void Options_Defaults_AreTheDocumentedOnes()
    {
        var options = new S3BlockStoreOptions();

        options.KeyPrefix.Should().Be("blocks/");
        options.ForcePathStyle.Should().BeTrue();
        options.BlockSize.Should().Be(4 * 1024 * 1024);
        options.MaxConcurrentRequests.Should().Be(16);
        options.MaxRetries.Should().Be(4);
        options.AccessKey.Should().BeNull();
        options.SecretKey.Should().BeNull();
    }

    [Test]
    public void Options_AwsWithoutServiceUrlOrKeys_AreValid()
    {
        var options = new S3BlockStoreOptions { Region = "eu-west-1", BucketName = "my.bucket-1", ForcePathStyle = false };

        options.Invoking(o => o.Validate()).Should().NotThrow();
    }

    [Test]
    public async Task EveryOperation_UnreachableEndpoint_ThrowsS3BlockStoreExceptionPromptlyAfterBoundedRetries()
    {
        S3BlockStoreOptions options = ValidOptions();
        options.ServiceUrl = new Uri($"http://127.0.0.1:{UnusedPort()}");
        options.MaxRetries = 2;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(20);
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        using var store = new S3BlockStore(options);
        HashedBlock block = HashedBlock.Create(new byte[] { 1, 2, 3 });
        var clock = Stopwatch.StartNew();

        Func<Task>[] operations =
        [
            async () => await store.PutAsync(block),
            async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]),
            async () => await store.GetMissingAsync([block.Hash]),
            async () => await store.DeleteAsync(block.Hash),
            async () => await store.EnumerateAsync().ToListAsync(),
        ];
        foreach (Func<Task> operation in operations)
        {
            S3BlockStoreException error = (await operation.Should().ThrowAsync<S3BlockStoreException>()).Which;
            error.IsTransient.Should().BeTrue();
            error.Attempts.Should().Be(3, "one attempt and two retries");
            error.StatusCode.Should().BeNull("no server answered");
            error.Message.Should().Contain("127.0.0.1");
        }

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(20), "a server that is down must not make the store hang");
    }

    [Test]
    public async Task EmptyBlock_UnreachableEndpoint_NeedsNoServer()
    {
        S3BlockStoreOptions options = ValidOptions();
        options.ServiceUrl = new Uri($"http://127.0.0.1:{UnusedPort()}");
        options.BlockSize = HashingConstants.MinBlockSize;
        using var store = new S3BlockStore(options);

        (await store.PutAsync(HashedBlock.Create(new byte[100]))).Should().Be(BlockPutOutcome.AlreadyPresent);
        (await store.ReadAsync(BlockHash.Empty, new byte[store.BlockSize])).Should().Be(0);
        (await store.GetMissingAsync([BlockHash.Empty])).Should().BeEmpty();
        (await store.DeleteAsync(BlockHash.Empty)).Should().BeFalse();
    }

    [Test]
    public async Task Dispose_ThenUse_ThrowsObjectDisposedException()
    {
        var store = new S3BlockStore(ValidOptions());
        store.Dispose();
        store.Dispose();

        Func<Task> act = async () => await store.PutAsync(HashedBlock.Create(new byte[] { 1 }));

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static S3BlockStoreOptions ValidOptions() => new()
    {
        ServiceUrl = new Uri("http://127.0.0.1:7480"),
        BucketName = "plankton-test",
        AccessKey = "access",
        SecretKey = "secret",
    };

    private static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
