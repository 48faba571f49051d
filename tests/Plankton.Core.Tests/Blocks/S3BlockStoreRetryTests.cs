using System.Net;
using Plankton.Core.Blocks;
using Plankton.Core.Hashing;
using Plankton.Core.S3;
using Plankton.Core.Tests.Infrastructure;

namespace Plankton.Core.Tests.Blocks;

/// <summary>The S3 store's retry policy against a scripted server: throttling is retried with backoff, refusals are not.</summary>
[TestFixture]
public sealed class S3BlockStoreRetryTests
{
    [Test]
    public async Task GetMissingAsync_ThrottledTwiceThenAnswered_RetriesAndSucceeds()
    {
        using var server = new FakeS3Server((i, _) => i < 2 ? (HttpStatusCode.ServiceUnavailable, "SlowDown") : (HttpStatusCode.NotFound, null));
        using var store = new S3BlockStore(Options(server.Endpoint, maxRetries: 2));
        HashedBlock block = HashedBlock.Create(new byte[] { 1, 2, 3 });

        IReadOnlyList<BlockHash> missing = await store.GetMissingAsync([block.Hash]);

        missing.Should().Equal(block.Hash);
        server.Requests.Should().Be(3, "two throttled attempts, then the answer");
    }

    [Test]
    public async Task ReadAsync_AlwaysSlowDown_ThrowsTransientS3BlockStoreExceptionAfterAllRetries()
    {
        using var server = new FakeS3Server((_, _) => (HttpStatusCode.ServiceUnavailable, "SlowDown"));
        using var store = new S3BlockStore(Options(server.Endpoint, maxRetries: 3));
        HashedBlock block = HashedBlock.Create(new byte[] { 4, 5, 6 });

        Func<Task> act = async () => await store.ReadAsync(block.Hash, new byte[store.BlockSize]);

        S3BlockStoreException error = (await act.Should().ThrowAsync<S3BlockStoreException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        error.ErrorCode.Should().Be("SlowDown");
        error.IsTransient.Should().BeTrue();
        error.Attempts.Should().Be(4);
        error.Message.Should().Contain(block.Hash.ToString()).And.Contain("SlowDown");
        server.Requests.Should().Be(4);
    }

    [Test]
    public async Task PutAsync_AccessDenied_ThrowsAtOnceWithoutRetrying()
    {
        using var server = new FakeS3Server((_, _) => (HttpStatusCode.Forbidden, "AccessDenied"));
        using var store = new S3BlockStore(Options(server.Endpoint, maxRetries: 3));

        Func<Task> act = async () => await store.PutAsync(HashedBlock.Create(new byte[] { 7 }));

        S3BlockStoreException error = (await act.Should().ThrowAsync<S3BlockStoreException>()).Which;
        error.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        error.ErrorCode.Should().Be("AccessDenied");
        error.IsTransient.Should().BeFalse();
        error.Attempts.Should().Be(1);
        server.Requests.Should().Be(1);
    }

    [Test]
    public async Task ReadAsync_CancelledDuringBackoff_ThrowsOperationCanceledPromptly()
    {
        using var server = new FakeS3Server((_, _) => (HttpStatusCode.ServiceUnavailable, "SlowDown"));
        S3BlockStoreOptions options = Options(server.Endpoint, maxRetries: 10);
        options.RetryBaseDelay = TimeSpan.FromSeconds(5);
        options.MaxRetryDelay = TimeSpan.FromSeconds(5);
        using var store = new S3BlockStore(options);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Func<Task> act = async () => await store.ReadAsync(HashedBlock.Create(new byte[] { 8 }).Hash, new byte[store.BlockSize], cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4));
    }

    private static S3BlockStoreOptions Options(Uri endpoint, int maxRetries) => new()
    {
        ServiceUrl = endpoint,
        BucketName = "plankton-test",
        AccessKey = "access",
        SecretKey = "secret",
        MaxRetries = maxRetries,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
    };
}
