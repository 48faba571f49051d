using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.S3;

/// <summary>
/// A block store in an S3-compatible bucket (Ceph RGW, MinIO, AWS S3, Swift's S3 layer): each block is one object,
/// <c>&lt;KeyPrefix&gt;&lt;64 lower-case hex digits&gt;</c>, holding the block without its trailing zeros followed by the
/// same 16-byte checksum trailer the file-system store writes.
/// </summary>
/// <remarks>
/// <para><b>Writes never overwrite a different block.</b> A new block is created with a conditional PUT
/// (<c>If-None-Match: *</c>); an existing object is checked before a put answers
/// <see cref="BlockPutOutcome.AlreadyPresent"/> — fully (GET and trailer check) the first time this instance meets
/// it, then by length (HEAD) — and a damaged one is replaced (<see cref="BlockPutOutcome.Repaired"/>). Puts of one
/// block on one instance are serialised, so exactly one reports <see cref="BlockPutOutcome.Stored"/>.</para>
/// <para><b>Durability.</b> A put has returned only after the server acknowledged the whole object; S3 objects are
/// written atomically, so a failed or cancelled put leaves either no object or the previous one.</para>
/// <para><b>Failures.</b> Throttling (503 SlowDown, 429), server errors, network errors and timeouts are retried
/// with exponential backoff and jitter (<see cref="S3BlockStoreOptions.MaxRetries"/>); when the retries run out, or
/// the server refuses a request (access denied, no such bucket), the call throws
/// <see cref="S3BlockStoreException"/>.</para>
/// <para><b>Missing blocks.</b> <see cref="GetMissingAsync"/> sends one HEAD per distinct hash, at most
/// <see cref="S3BlockStoreOptions.MaxConcurrentRequests"/> at a time; the object store answers this from its
/// catalogue instead, without touching S3.</para>
/// <para><b>Batches.</b> <see cref="BeginBatch"/> (which the ingestion pipeline writes through) checks each block at
/// once and uploads missing ones in the background, at most <see cref="S3BlockStoreOptions.MaxConcurrentRequests"/>
/// in flight, so uploads overlap hashing; the batch's commit waits for them and throws the first failure.</para>
/// <para>Thread-safe. Several instances, in one process or many, may share a bucket and prefix.</para>
/// </remarks>
public sealed partial class S3BlockStore : IBlockStore, IDisposable
{
    private const int LockStripes = 256;
    private const int MaxRememberedBlocks = 1 << 20;
    private const int NotFoundLength = int.MinValue;

    private readonly PrecomputedPayloadS3Client _client;
    private readonly S3BlockStoreOptions _options;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly SemaphoreSlim _requests;
    private readonly SemaphoreSlim[] _blockLocks;
    private readonly SemaphoreSlim _uploadSlots;

    // Uploads batches run in the background, by block: a put of a block already on its way waits for (or, in a
    // batch, relies on) that upload instead of starting a second one.
    private readonly ConcurrentDictionary<BlockHash, Task> _uploads = new();

    // Blocks this instance has written or checked whole (a HEAD for the length then suffices), and blocks a read
    // found damaged (the next put replaces them without reading them again).
    private readonly ConcurrentDictionary<BlockHash, byte> _verified = new();
    private readonly ConcurrentDictionary<BlockHash, byte> _damaged = new();
    private int _disposed;

    /// <summary>Set once the server has refused a conditional create as not implemented (see <see cref="PutObjectAsync"/>).</summary>
    private volatile bool _noConditionalCreates;

    /// <summary>
    /// Gets a value indicating whether this instance creates blocks with conditional puts: <see cref="S3BlockStoreOptions.ConditionalCreates"/>,
    /// unless the server has answered one with 501 (not implemented).
    /// </summary>
    internal bool UsesConditionalCreates => _options.ConditionalCreates && !_noConditionalCreates;

    /// <summary>Initializes a new instance of the <see cref="S3BlockStore"/> class. No request is sent until the store is used.</summary>
    /// <param name="options">The settings; copied, so later changes do not affect the store.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A setting is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public S3BlockStore(S3BlockStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Clone();
        _options.Validate();
        _bucket = _options.BucketName;
        _prefix = _options.KeyPrefix;
        BlockSize = _options.BlockSize;
        _requests = new SemaphoreSlim(_options.MaxConcurrentRequests, _options.MaxConcurrentRequests);
        _blockLocks = [.. Enumerable.Range(0, LockStripes).Select(static _ => new SemaphoreSlim(1, 1))];
        _uploadSlots = new SemaphoreSlim(_options.MaxConcurrentRequests, _options.MaxConcurrentRequests);
        _client = CreateClient(_options);
    }

    /// <inheritdoc/>
    public int BlockSize { get; }

    /// <summary>Gets the bucket that holds the blocks.</summary>
    public string BucketName => _bucket;

    /// <summary>Gets the prefix of every block's object key.</summary>
    public string KeyPrefix => _prefix;

    /// <summary>Returns the object key of a block: <see cref="KeyPrefix"/> followed by the hash in lower-case hex.</summary>
    /// <param name="hash">The block's hash.</param>
    /// <returns>The object key.</returns>
    public string GetObjectKey(BlockHash hash) => _prefix + hash.ToString();

    /// <inheritdoc/>
    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default) =>
        PutCoreAsync(block, batch: null, cancellationToken);

    /// <inheritdoc/>
    public async ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        BlockStoreGuard.CheckDestination(destination, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        Memory<byte> target = destination[..BlockSize];
        if (hash.IsEmpty)
        {
            target.Span.Clear();
            return 0;
        }

        byte[] trailer = new byte[BlockFileFormat.TrailerSize];
        int contentLength = await RunAsync(
            "GetObject",
            hash,
            async ct =>
            {
                using GetObjectResponse response = await _client.GetObjectAsync(
                    new GetObjectRequest { BucketName = _bucket, Key = GetObjectKey(hash) }, ct).ConfigureAwait(false);
                long length = response.ContentLength;
                if (length < BlockFileFormat.TrailerSize || length > BlockSize + BlockFileFormat.TrailerSize)
                {
                    return -1;
                }

                int content = (int)length - BlockFileFormat.TrailerSize;
                await response.ResponseStream.ReadExactlyAsync(target[..content], ct).ConfigureAwait(false);
                await response.ResponseStream.ReadExactlyAsync(trailer, ct).ConfigureAwait(false);
                return content;
            },
            NotFoundLength,
            preconditionFailedIsAnswer: false,
            cancellationToken).ConfigureAwait(false);
        if (contentLength == NotFoundLength)
        {
            throw new BlockNotFoundException(hash);
        }

        string? problem = contentLength < 0
            ? "the object's length does not fit a block and its trailer"
            : BlockFileFormat.Check(target.Span[..contentLength], hash, trailer);
        if (problem is not null)
        {
            target.Span.Clear();
            _verified.TryRemove(hash, out _);
            _damaged[hash] = 0;
            throw new BlockIntegrityException(hash, problem);
        }

        target.Span[contentLength..].Clear();
        Remember(hash);
        return contentLength;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One HEAD per distinct hash, at most <see cref="S3BlockStoreOptions.MaxConcurrentRequests"/> at a time. A
    /// listing of the prefix would cost one request per 1,000 stored blocks whatever is asked, which only pays when
    /// the question covers a large share of the store; the object store answers from its catalogue instead.
    /// </remarks>
    public async ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        var seen = new HashSet<BlockHash>(hashes.Count);
        var distinct = new List<BlockHash>();
        foreach (BlockHash hash in hashes)
        {
            if (!hash.IsEmpty && seen.Add(hash) && !IsTrustedKnown(hash))
            {
                distinct.Add(hash);
            }
        }

        bool[] present = new bool[distinct.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, distinct.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (i, ct) => present[i] = await HeadLengthAsync(distinct[i], ct).ConfigureAwait(false) is not null).ConfigureAwait(false);

        var missing = new List<BlockHash>();
        for (int i = 0; i < distinct.Count; i++)
        {
            if (!present[i])
            {
                missing.Add(distinct[i]);
            }
        }

        return missing;
    }

    /// <inheritdoc/>
    public async ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        if (hash.IsEmpty)
        {
            return false;
        }

        SemaphoreSlim blockLock = _blockLocks[hash.FirstByte];
        await blockLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // S3's DELETE answers 204 whether or not the object existed: a HEAD first tells which.
            if (await HeadLengthAsync(hash, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            await RunAsync(
                "DeleteObject",
                hash,
                async ct => (object?)await _client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = _bucket, Key = GetObjectKey(hash) }, ct).ConfigureAwait(false),
                notFound: null,
                preconditionFailedIsAnswer: false,
                cancellationToken).ConfigureAwait(false);
            _verified.TryRemove(hash, out _);
            _damaged.TryRemove(hash, out _);
            return true;
        }
        finally
        {
            blockLock.Release();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Lists the prefix page by page (ListObjectsV2); keys that are not the prefix followed by exactly 64 lower-case hex digits are ignored.</remarks>
    public async IAsyncEnumerable<BlockHash> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        string? continuation = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? token = continuation;
            ListObjectsV2Response? page = await RunAsync<ListObjectsV2Response?>(
                "ListObjectsV2",
                null,
                async ct => await _client.ListObjectsV2Async(
                    new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix, ContinuationToken = token, MaxKeys = 1000 }, ct).ConfigureAwait(false),
                notFound: null,
                preconditionFailedIsAnswer: false,
                cancellationToken).ConfigureAwait(false)
                ?? throw new S3BlockStoreException($"S3 ListObjectsV2 in bucket '{_bucket}' failed: the server answered 404 (no such bucket?).");
            foreach (S3Object item in page.S3Objects ?? [])
            {
                if (TryParseKey(item.Key, out BlockHash hash))
                {
                    yield return hash;
                }
            }

            continuation = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    /// <summary>Releases the S3 client.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _client.Dispose();
        _requests.Dispose();
        _uploadSlots.Dispose();
        foreach (SemaphoreSlim blockLock in _blockLocks)
        {
            blockLock.Dispose();
        }
    }

    private static PrecomputedPayloadS3Client CreateClient(S3BlockStoreOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,

            // Non-AWS servers (Ceph RGW 16, Swift s3api, older MinIO) reject the v4 SDK's default aws-chunked bodies
            // with trailing CRC32 checksums: only send checksums where an operation requires them. Integrity is
            // end to end anyway (trailer checked on every read, blocks named by SHA-256).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,

            // The store retries itself (bounded, with backoff, typed error at the end): no second layer of retries.
            MaxErrorRetry = 0,
            Timeout = options.RequestTimeout,
        };
        if (options.ServiceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl.ToString();
            config.AuthenticationRegion = options.Region ?? "us-east-1";
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new PrecomputedPayloadS3Client(config)
            : new PrecomputedPayloadS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    private bool TryParseKey(string key, out BlockHash hash)
    {
        hash = default;
        if (key.Length != _prefix.Length + BlockHash.HexLength || !key.StartsWith(_prefix, StringComparison.Ordinal))
        {
            return false;
        }

        ReadOnlySpan<char> hex = key.AsSpan(_prefix.Length);
        foreach (char c in hex)
        {
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return BlockHash.TryParse(hex, out hash) && !hash.IsEmpty;
    }

    /// <summary>Finds out whether a block's object is missing, sound or damaged; reads it whole unless this instance already checked it.</summary>
    private async ValueTask<ObjectState> CheckStoredAsync(BlockHash hash, int objectLength, CancellationToken cancellationToken)
    {
        if (_verified.ContainsKey(hash))
        {
            return await HeadStateAsync(hash, objectLength, assumeDamaged: false, cancellationToken).ConfigureAwait(false);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(objectLength);
        try
        {
            int length = await RunAsync(
                "GetObject",
                hash,
                async ct =>
                {
                    using GetObjectResponse response = await _client.GetObjectAsync(
                        new GetObjectRequest { BucketName = _bucket, Key = GetObjectKey(hash) }, ct).ConfigureAwait(false);
                    if (response.ContentLength != objectLength)
                    {
                        return -1;
                    }

                    await response.ResponseStream.ReadExactlyAsync(buffer.AsMemory(0, objectLength), ct).ConfigureAwait(false);
                    return objectLength;
                },
                NotFoundLength,
                preconditionFailedIsAnswer: false,
                cancellationToken).ConfigureAwait(false);
            if (length == NotFoundLength)
            {
                return ObjectState.Missing;
            }

            int content = objectLength - BlockFileFormat.TrailerSize;
            return length == objectLength && BlockFileFormat.Check(buffer.AsSpan(0, content), hash, buffer.AsSpan(content, BlockFileFormat.TrailerSize)) is null
                ? ObjectState.Sound
                : ObjectState.Damaged;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async ValueTask<ObjectState> HeadStateAsync(BlockHash hash, int objectLength, bool assumeDamaged, CancellationToken cancellationToken)
    {
        long? length = await HeadLengthAsync(hash, cancellationToken).ConfigureAwait(false);
        return length is null ? ObjectState.Missing
            : assumeDamaged || length != objectLength ? ObjectState.Damaged
            : ObjectState.Sound;
    }

    private async ValueTask<BlockPutOutcome> RepairAsync(BlockHash hash, BlockBody body, CancellationToken cancellationToken)
    {
        await PutObjectAsync(hash, body, ifNoneMatch: false, cancellationToken).ConfigureAwait(false);
        return BlockPutOutcome.Repaired;
    }

    /// <summary>Returns the object's length, or <see langword="null"/> when there is no object.</summary>
    private async ValueTask<long?> HeadLengthAsync(BlockHash hash, CancellationToken cancellationToken)
    {
        long? length = await RunAsync(
            "HeadObject",
            hash,
            async ct => (long?)(await _client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = _bucket, Key = GetObjectKey(hash) }, ct).ConfigureAwait(false)).ContentLength,
            notFound: null,
            preconditionFailedIsAnswer: false,
            cancellationToken).ConfigureAwait(false);
        return length;
    }

    /// <summary>
    /// Uploads a block's object; returns <see langword="false"/> when a conditional create found an object there (412).
    /// A server without conditional creates (Swift's s3api answers 501 to <c>If-None-Match: *</c>) is remembered, and
    /// this store's creates are plain puts from then on: the key names the content, so a plain put over an object can
    /// only write the same bytes (or repair a damaged copy), never replace a different block.
    /// </summary>
    private async ValueTask<bool> PutObjectAsync(BlockHash hash, BlockBody body, bool ifNoneMatch, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(
                "PutObject",
                hash,
                async ct =>
                {
                    bool conditional = ifNoneMatch && UsesConditionalCreates;
                    try
                    {
                        return await SendPutAsync(hash, body, conditional, ct).ConfigureAwait(false);
                    }
                    catch (AmazonS3Exception e) when (conditional && e.StatusCode == HttpStatusCode.NotImplemented)
                    {
                        _noConditionalCreates = true;
                        return await SendPutAsync(hash, body, ifNoneMatch: false, ct).ConfigureAwait(false);
                    }
                },
                notFound: null,
                preconditionFailedIsAnswer: true,
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (PreconditionFailedSignal)
        {
            return false;
        }
    }

    /// <summary>Sends one PutObject of a block's stored form, with its payload digest when known.</summary>
    private async Task<object?> SendPutAsync(BlockHash hash, BlockBody body, bool ifNoneMatch, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(body.Buffer, 0, body.Length, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = GetObjectKey(hash),
            InputStream = stream,
            AutoCloseStream = false,

            // A plain signed body: Ceph RGW 16 and Swift's s3api refuse aws-chunked uploads.
            UseChunkEncoding = false,
            ContentType = "application/octet-stream",
        };
        if (ifNoneMatch)
        {
            request.IfNoneMatch = "*";
        }

        if (body.Sha256 is not null)
        {
            _client.SetPayloadSha256(request, body.Sha256);
        }

        return await _client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs one S3 request with the concurrency bound and the retry policy. A 404 gives <paramref name="notFound"/>;
    /// transient failures are retried; what remains becomes an <see cref="S3BlockStoreException"/>.
    /// </summary>
    private async ValueTask<T> RunAsync<T>(
        string operation,
        BlockHash? hash,
        Func<CancellationToken, Task<T>> request,
        T notFound,
        bool preconditionFailedIsAnswer,
        CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception failure;
            await _requests.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await request(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (AmazonServiceException e) when (e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket")
            {
                return notFound;
            }
            catch (AmazonServiceException e) when (preconditionFailedIsAnswer && e.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                throw new PreconditionFailedSignal();
            }
            catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or TimeoutException or OperationCanceledException)
            {
                failure = e;
            }
            finally
            {
                _requests.Release();
            }

            bool transient = IsTransient(failure);
            if (!transient || attempt > _options.MaxRetries)
            {
                throw Wrap(operation, hash, failure, transient, attempt);
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(Exception e)
    {
        if (e is AmazonServiceException service && service.StatusCode != 0)
        {
            return service.StatusCode is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway
                    or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout or HttpStatusCode.TooManyRequests
                    or HttpStatusCode.RequestTimeout
                || service.ErrorCode is "SlowDown" or "Throttling" or "ThrottlingException" or "RequestTimeout" or "InternalError"
                    or "ServiceUnavailable" or "RequestTimeTooSkewed";
        }

        // No answer from the server: connection refused or reset, DNS, timeouts, a response cut short.
        return true;
    }

    private TimeSpan Backoff(int attempt)
    {
        double baseMs = _options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        double capped = Math.Min(baseMs, _options.MaxRetryDelay.TotalMilliseconds);

        // "Equal jitter": half fixed, half random, so that many clients throttled together spread out.
        return TimeSpan.FromMilliseconds((capped / 2) + (Random.Shared.NextDouble() * capped / 2));
    }

    private S3BlockStoreException Wrap(string operation, BlockHash? hash, Exception failure, bool transient, int attempts)
    {
        var service = failure as AmazonServiceException;
        HttpStatusCode? status = service is { StatusCode: not 0 } ? service.StatusCode : null;
        string what = hash is { } h ? $"{operation} of block {h}" : operation;
        string where = $"bucket '{_bucket}' at {_options.ServiceUrl?.ToString() ?? "AWS S3 " + _options.Region}";
        string why = status is null
            ? $"no answer from the server ({failure.GetType().Name}: {failure.Message})"
            : $"the server answered {(int)status} {service!.ErrorCode}: {service.Message}";
        string tries = transient ? $" after {attempts} attempt(s)" : string.Empty;
        return new S3BlockStoreException($"S3 {what} in {where} failed{tries}: {why}", failure, status, service?.ErrorCode, transient, attempts);
    }

    private void Remember(BlockHash hash)
    {
        if (_verified.Count >= MaxRememberedBlocks)
        {
            _verified.Clear();
        }

        _verified[hash] = 0;
    }

    /// <summary>Whether <see cref="S3BlockStoreOptions.TrustKnownBlocks"/> lets this instance take the block as present without asking.</summary>
    private bool IsTrustedKnown(BlockHash hash) => _options.TrustKnownBlocks && _verified.ContainsKey(hash) && !_damaged.ContainsKey(hash);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);

    private enum ObjectState
    {
        Missing,
        Sound,
        Damaged,
    }

    /// <summary>Carries a 412 answer to a conditional create out of the retry loop.</summary>
    private sealed class PreconditionFailedSignal : Exception
    {
    }
}
