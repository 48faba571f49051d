using System.Collections.Concurrent;
using System.Diagnostics;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.InMemory;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;
using Plankton.Core.Objects;
using Plankton.Core.Objects.Sqlite;
using Plankton.Core.PublicApi.Tests.Auditing;
using Plankton.Core.Tests.Infrastructure;
using Plankton.Core.Tests.Objects;

namespace Plankton.Core.PublicApi.Tests;

/// <summary>What the auditing store adds over the store it wraps: the records, the activities and the rebuilt results.</summary>
[TestFixture]
public sealed class AuditingObjectStoreTests
{
    private const string Owner = "alice";
    private const string Stranger = "mallory";
    private const string Container = "images";
    private const string Domain = "plankton";

    private TempDirectory _directory = null!;
    private ManualTimeProvider _time = null!;
    private AuditLog _log = null!;
    private SqliteObjectStore _inner = null!;
    private AuditingObjectStore _store = null!;

    [SetUp]
    public async Task OpenStoreWithContainer()
    {
        _directory = new TempDirectory();
        _time = new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        _log = new AuditLog();
        _inner = await SqliteObjectStore.OpenAsync(
            new SqliteObjectStoreOptions { DatabasePath = _directory.Combine("catalogue.db") }, new InMemoryBlockStore(HashingConstants.MinBlockSize), _time);
        _store = new AuditingObjectStore(_inner, _log, _time);
        await _store.EnsureAccountAsync(Owner, Owner);
        await _store.EnsureContainerAsync(Owner, Owner, Container);
        _log.Clear();
    }

    [TearDown]
    public void DisposeStore()
    {
        _store.Dispose();
        _directory.Dispose();
    }

    [Test]
    public async Task WriteThenRead_RecordsUserOperationTargetBytesAndTheStoresClock()
    {
        byte[] data = RandomBytes(1, (2 * HashingConstants.MinBlockSize) + 77);
        DateTimeOffset written = _time.GetUtcNow();

        await _store.WriteAsync(Owner, PathOf("dir/disk.img"), new MemoryStream(data));
        DateTimeOffset read = _time.Advance(TimeSpan.FromMinutes(1));
        await using (Stream stream = await _store.OpenReadAsync(Owner, PathOf("dir/disk.img"), offset: 10))
        {
            await stream.CopyToAsync(Stream.Null);
        }

        _log.Records.Select(r => (r.At, r.UserId, r.Operation, r.Target, r.Outcome, r.Error, r.Bytes)).Should().Equal(
            (written, Owner, "Write", "alice/images/dir/disk.img", AuditOutcome.Succeeded, (string?)null, (long?)data.Length),
            (read, Owner, "OpenRead", "alice/images/dir/disk.img", AuditOutcome.Succeeded, null, null),
            (read, Owner, "Read", "alice/images/dir/disk.img", AuditOutcome.Succeeded, null, data.Length - 10));
        _log.Records.Should().OnlyContain(r => r.Duration >= TimeSpan.Zero);
    }

    [Test]
    public async Task FailedCalls_AreRecordedWithTheirOutcomeAndRethrownAsTheyCame()
    {
        await _store.WriteAsync(Owner, PathOf("a"), new MemoryStream([1, 2, 3]));
        _log.Clear();
        BlockHash absent = HashedBlock.Create(RandomBytes(2, 100)).Hash;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Func<Task> refused = async () => await _store.GetInfoAsync(Stranger, PathOf("a"));
        Func<Task> missing = async () => await _store.GetInfoAsync(Owner, PathOf("nothing"));
        Func<Task> blocks = async () => await _store.WriteHashmapAsync(Owner, PathOf("b"), 100, [absent]);
        Func<Task> cancel = async () => await _store.ListObjectsAsync(Owner, Owner, Container, cancellationToken: cancelled.Token);

        (await refused.Should().ThrowAsync<NotAllowedException>()).Which.UserId.Should().Be(Stranger);
        (await missing.Should().ThrowAsync<ObjectNotFoundException>()).Which.Kind.Should().Be(ObjectNotFoundKind.Item);
        (await blocks.Should().ThrowAsync<MissingBlocksException>()).Which.MissingBlocks.Should().Equal(absent);
        await cancel.Should().ThrowAsync<OperationCanceledException>();
        _log.Records.Select(r => (r.UserId, r.Operation, r.Target, r.Outcome)).Should().Equal(
            (Stranger, "GetInfo", "alice/images/a", AuditOutcome.Refused),
            (Owner, "GetInfo", "alice/images/nothing", AuditOutcome.NotFound),
            (Owner, "WriteHashmap", "alice/images/b", AuditOutcome.Failed),
            (Owner, "ListObjects", "alice/images", AuditOutcome.Cancelled));
        _log.Records.Select(r => r.Error).Should().Equal(
            nameof(NotAllowedException), nameof(ObjectNotFoundException), nameof(MissingBlocksException), _log.Records[^1].Error);
        _log.Records[^1].Error.Should().EndWith("CanceledException");
    }

    [Test]
    public async Task PublicUrlCalls_AreRecordedForAnyoneWithoutTheToken()
    {
        await _store.WriteAsync(Owner, PathOf("shared"), new MemoryStream(RandomBytes(3, 500)));
        string token = (await _store.SetPublicUrlAsync(Owner, PathOf("shared"), enabled: true))!;

        await _store.GetInfoByPublicUrlAsync(token);
        await using (Stream stream = await _store.OpenReadByPublicUrlAsync(token))
        {
            await stream.CopyToAsync(Stream.Null);
        }

        Func<Task> unknown = async () => await _store.GetInfoByPublicUrlAsync(token + "x");
        await unknown.Should().ThrowAsync<ObjectNotFoundException>();
        _log.Records.Select(r => (r.UserId, r.Operation, r.Target)).Should().EndWith(
        [
            (null, "GetInfoByPublicUrl", AuditingObjectStore.PublicUrlTarget),
            (null, "OpenReadByPublicUrl", AuditingObjectStore.PublicUrlTarget),
            (null, "Read", AuditingObjectStore.PublicUrlTarget),
            (null, "GetInfoByPublicUrl", AuditingObjectStore.PublicUrlTarget),
        ]);
        _log.Records.Should().NotContain(r => r.Target.Contains(token, StringComparison.Ordinal));
    }

    [Test]
    public async Task EveryCall_StartsAnActivityTaggedWithUserTargetAndOutcome()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AuditingObjectStore.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        ObjectPath probe = PathOf($"activity/{Guid.NewGuid():N}"); // other fixtures' activities reach the listener too

        await _store.WriteAsync(Owner, probe, new MemoryStream([1]));
        Func<Task> refused = async () => await _store.DeleteAsync(Stranger, probe);
        await refused.Should().ThrowAsync<NotAllowedException>();

        Activity[] mine = [.. stopped.Where(a => Equals(a.GetTagItem("plankton.target"), probe.ToString()))];
        mine.Select(a => (a.OperationName, a.GetTagItem("plankton.user"), a.GetTagItem("plankton.outcome"), a.Status)).Should().Equal(
            ("Write", (object)Owner, (object)"Succeeded", ActivityStatusCode.Unset),
            ("Delete", Stranger, "Refused", ActivityStatusCode.Error));
    }

    [Test]
    public async Task Results_AreRebuiltCopiesEqualToTheWrappedStoresAnswers()
    {
        foreach ((string name, string k) in new[] { ("a", "1"), ("b", "2"), ("dir/c", "3") })
        {
            await _store.WriteAsync(Owner, PathOf(name), new MemoryStream(RandomBytes(4, 50)), new ObjectWriteOptions
            {
                MetadataDomain = Domain,
                Metadata = new Dictionary<string, string> { ["k"] = k },
            });
        }

        await _store.SetPermissionsAsync(Owner, PathOf("dir"), new ObjectPermissions([Stranger], null));
        ListObjectsOptions[] listings =
        [
            new() { Delimiter = '/' },
            new() { Domain = Domain, IncludeMetadata = true },
            new() { Domain = Domain, Sort = [new ObjectSortKey("k", descending: true)], Limit = 1 },
        ];

        foreach (ListObjectsOptions options in listings)
        {
            ObjectListPage rebuilt = await _store.ListObjectsAsync(Owner, Owner, Container, options);
            rebuilt.Should().BeEquivalentTo(await _inner.ListObjectsAsync(Owner, Owner, Container, options), o => o.WithStrictOrdering());
        }

        (await _store.GetPermissionsAsync(Owner, PathOf("dir/c"))).Should().BeEquivalentTo(await _inner.GetPermissionsAsync(Owner, PathOf("dir/c")));
        (await _store.GetPermissionsAsync(Owner, PathOf("dir/c"))).IsInherited.Should().BeTrue();
        byte[] data = RandomBytes(5, (2 * HashingConstants.MinBlockSize) + 1);
        Hashmap expected = await PithosStreamHasher.HashAsync(new MemoryStream(data), HashingConstants.MinBlockSize);
        ObjectWriteResult write = await _store.WriteAsync(Owner, PathOf("d"), new MemoryStream(data));
        write.Ingest.Hashmap.ToArray().Should().Equal(expected.ToArray());
        (write.Ingest.TopHash, write.Ingest.Size, write.Ingest.NewBlocks).Should().Be((expected.TopHash, data.Length, 3));
        write.Info.Should().BeEquivalentTo(await _inner.GetInfoAsync(Owner, PathOf("d")));
    }

    [Test]
    public async Task Dispose_DisposesTheWrappedStore()
    {
        _store.Dispose();

        Func<Task> act = async () => await _inner.GetInfoAsync(Owner, PathOf("a"));

        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static ObjectPath PathOf(string name) => new(Owner, Container, name);

    private static byte[] RandomBytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
