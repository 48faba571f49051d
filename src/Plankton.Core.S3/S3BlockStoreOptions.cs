using System.ComponentModel.DataAnnotations;
using Plankton.Core.Hashing;

namespace Plankton.Core.S3;

/// <summary>Settings of an <see cref="S3BlockStore"/>: where the bucket is, how to sign in, and how hard to try.</summary>
/// <remarks>
/// The defaults suit S3-compatible servers such as Ceph RGW and MinIO (path-style addressing). For AWS S3 itself,
/// leave <see cref="ServiceUrl"/> unset, set <see cref="Region"/>, and usually set <see cref="ForcePathStyle"/> to
/// <see langword="false"/>. The store validates the options when it is made and throws
/// <see cref="ArgumentException"/> naming the offending property. Registered with
/// <c>AddPlanktonS3BlockStore</c>, they are validated when the host starts instead (DataAnnotations through a
/// source-generated validator, plus every rule of <see cref="Validate"/>), and every problem is reported at once.
/// </remarks>
public sealed class S3BlockStoreOptions
{
    /// <summary>The default key prefix.</summary>
    public const string DefaultKeyPrefix = "blocks/";

    /// <summary>The default bound on requests in flight.</summary>
    public const int DefaultMaxConcurrentRequests = 16;

    /// <summary>The default number of retries of a failed request.</summary>
    public const int DefaultMaxRetries = 4;

    /// <summary>Gets or sets the endpoint of an S3-compatible server, for example <c>http://127.0.0.1:7480</c>.</summary>
    /// <value>The default value is <see langword="null"/>: AWS S3 in <see cref="Region"/>.</value>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// Gets or sets the region: the AWS region when <see cref="ServiceUrl"/> is unset, otherwise the region requests
    /// are signed for (S3-compatible servers usually accept <c>us-east-1</c>).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: <c>us-east-1</c> with a <see cref="ServiceUrl"/>; required without one.</value>
    public string? Region { get; set; }

    /// <summary>Gets or sets the bucket that holds the blocks; it must exist (the store never creates buckets).</summary>
    /// <value>The default value is the empty string, which is invalid: a bucket name is required.</value>
    [Required]
    public string BucketName { get; set; } = string.Empty;

    /// <summary>Gets or sets the text put before each block's 64 hex digits to make its object key.</summary>
    /// <value>The default value is <c>blocks/</c>. It may be empty; it must not start with <c>/</c>.</value>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Gets or sets a value indicating whether the bucket is addressed in the path (<c>host/bucket/key</c>) rather than the host name.</summary>
    /// <value>The default value is <see langword="true"/>, which S3-compatible servers on an IP address need.</value>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Gets or sets the access key; with <see cref="SecretKey"/>, or neither to use the SDK's usual credential chain.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? AccessKey { get; set; }

    /// <summary>Gets or sets the secret key; with <see cref="AccessKey"/>, or neither to use the SDK's usual credential chain.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? SecretKey { get; set; }

    /// <summary>Gets or sets the block size: a power of two from 4 KiB to 64 MiB.</summary>
    /// <value>The default value is 4 MiB (the Pithos block size).</value>
    [Range(HashingConstants.MinBlockSize, HashingConstants.MaxBlockSize)]
    public int BlockSize { get; set; } = HashingConstants.DefaultBlockSize;

    /// <summary>Gets or sets the most requests one store instance has in flight at once (uploads, reads, look-ups).</summary>
    /// <value>The default value is 16; from 1 to 1024.</value>
    [Range(1, 1024)]
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;

    /// <summary>Gets or sets how many times a request that failed for a transient reason (throttling, 5xx, network, timeout) is retried.</summary>
    /// <value>The default value is 4; from 0 to 20.</value>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    /// <value>The default value is 200 ms.</value>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Gets or sets the longest delay between two attempts.</summary>
    /// <value>The default value is 5 seconds.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long one request may take before it is abandoned (and retried).</summary>
    /// <value>The default value is 60 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets a value indicating whether a block this instance has stored, checked or read whole since it was made
    /// is taken as present without asking the server: a put of it answers <see cref="Blocks.BlockPutOutcome.AlreadyPresent"/>
    /// and <see cref="S3BlockStore.GetMissingAsync"/> leaves it out, with no request.
    /// </summary>
    /// <value>The default value is <see langword="false"/>: every put and look-up asks the server (HEAD or GET).</value>
    /// <remarks>
    /// Safe only while blocks under the prefix are deleted through this instance alone (one process, whose own
    /// <see cref="S3BlockStore.DeleteAsync"/> forgets the block): a block deleted by another instance or tool would
    /// still be taken as present, and an object written then would reference a missing block. Re-ingesting data the
    /// instance has already seen then sends no request at all. With several instances, leave it off.
    /// </remarks>
    public bool TrustKnownBlocks { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether new blocks are created with a conditional put (<c>If-None-Match: *</c>),
    /// which never replaces an object already there, and which lets a batch upload a run of new blocks without looking
    /// each up first (the server's 412 answers for blocks that were there after all).
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    /// <remarks>
    /// A server without conditional puts (OpenStack Swift's s3api answers 501) is detected at the first create, and the
    /// store falls back on its own; set <see langword="false"/> for such a server to skip that first attempt. Without
    /// conditional puts every put looks its block up first (HEAD), then writes a missing or damaged block with a plain
    /// put. That is still safe: the key is the content's SHA-256, so a plain put over an object can only write the
    /// same bytes again (a writer racing another) or repair a damaged copy, never replace a different block.
    /// </remarks>
    public bool ConditionalCreates { get; set; } = true;

    /// <summary>Makes an independent copy of these options.</summary>
    /// <returns>The copy.</returns>
    public S3BlockStoreOptions Clone() => (S3BlockStoreOptions)MemberwiseClone();

    /// <summary>Checks every setting and throws for the first that is invalid.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; <see cref="ArgumentException.ParamName"/> names it.</exception>
    public void Validate()
    {
        (string? property, string? problem) = FindProblems().FirstOrDefault();
        if (property is not null)
        {
            throw new ArgumentException($"S3BlockStoreOptions.{property} {problem}.", property);
        }
    }

    /// <summary>Lists every invalid setting, in the order <see cref="Validate"/> checks them.</summary>
    /// <returns>The property and what is wrong with it, for each problem.</returns>
    internal IEnumerable<(string Property, string Problem)> FindProblems()
    {
        if (ServiceUrl is null)
        {
            if (string.IsNullOrWhiteSpace(Region))
            {
                yield return (nameof(Region), "is required when ServiceUrl is not set (AWS S3 needs a region)");
            }
        }
        else if (!ServiceUrl.IsAbsoluteUri || (ServiceUrl.Scheme != Uri.UriSchemeHttp && ServiceUrl.Scheme != Uri.UriSchemeHttps))
        {
            yield return (nameof(ServiceUrl), $"must be an absolute http:// or https:// address; it is '{ServiceUrl}'");
        }

        if (Region is not null && (Region.Length == 0 || Region.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-'))))
        {
            yield return (nameof(Region), $"must be a region name such as 'us-east-1'; it is '{Region}'");
        }

        if (!IsValidBucketName(BucketName))
        {
            yield return (
                nameof(BucketName),
                $"must be 3 to 63 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit; it is '{BucketName}'");
        }

        if (KeyPrefix is null || KeyPrefix.StartsWith('/') || KeyPrefix.Length > 512 || KeyPrefix.Any(char.IsControl))
        {
            yield return (nameof(KeyPrefix), "must not be null, start with '/', hold control characters or exceed 512 characters");
        }

        if (string.IsNullOrEmpty(AccessKey) != string.IsNullOrEmpty(SecretKey))
        {
            yield return (
                string.IsNullOrEmpty(AccessKey) ? nameof(AccessKey) : nameof(SecretKey),
                "and its partner must both be set, or both be unset to use the SDK's credential chain");
        }

        if (!HashingConstants.IsValidBlockSize(BlockSize))
        {
            yield return (nameof(BlockSize), $"must be a power of two from {HashingConstants.MinBlockSize} to {HashingConstants.MaxBlockSize}; it is {BlockSize}");
        }

        if (MaxConcurrentRequests is < 1 or > 1024)
        {
            yield return (nameof(MaxConcurrentRequests), $"must be from 1 to 1024; it is {MaxConcurrentRequests}");
        }

        if (MaxRetries is < 0 or > 20)
        {
            yield return (nameof(MaxRetries), $"must be from 0 to 20; it is {MaxRetries}");
        }

        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > MaxRetryDelay)
        {
            yield return (nameof(RetryBaseDelay), $"must be from zero to MaxRetryDelay ({MaxRetryDelay}); it is {RetryBaseDelay}");
        }

        if (MaxRetryDelay > TimeSpan.FromMinutes(5))
        {
            yield return (nameof(MaxRetryDelay), $"must not exceed 5 minutes; it is {MaxRetryDelay}");
        }

        if (RequestTimeout <= TimeSpan.Zero || RequestTimeout > TimeSpan.FromHours(1))
        {
            yield return (nameof(RequestTimeout), $"must be more than zero and at most one hour; it is {RequestTimeout}");
        }
    }

    private static bool IsValidBucketName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63 || !char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        char last = name[^1];
        if (!char.IsAsciiLetterLower(last) && !char.IsAsciiDigit(last))
        {
            return false;
        }

        return name.All(static c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.') && !name.Contains("..", StringComparison.Ordinal);
    }
}
