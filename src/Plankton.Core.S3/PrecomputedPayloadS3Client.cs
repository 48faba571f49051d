using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.S3.Model;

namespace Plankton.Core.S3;

/// <summary>
/// The store's S3 client: an <see cref="AmazonS3Client"/> whose SigV4 signer takes the payload's SHA-256 of a put
/// given through <see cref="SetPayloadSha256"/> instead of hashing the body again. The digest is finished from the
/// SHA-256 state the ingestion pipeline kept after naming the block, so a new block is hashed once, not twice, on its
/// way to S3.
/// </summary>
/// <remarks>
/// <para>The digest is checked by the server (a mismatch is refused with <c>XAmzContentSHA256Mismatch</c>, so a wrong
/// digest can fail an upload but never store wrong bytes): it makes the upload an end-to-end check of the bytes
/// hashed.</para>
/// <para>The digest travels beside the request object (a weak table keyed by it), not in a subclass of
/// <see cref="PutObjectRequest"/>: the SDK resolves an S3 endpoint by the request's type name, and a subclass loses its
/// bucket.</para>
/// </remarks>
internal sealed class PrecomputedPayloadS3Client : AmazonS3Client
{
    private readonly ConditionalWeakTable<AmazonWebServiceRequest, string> _digests = [];

    public PrecomputedPayloadS3Client(AmazonS3Config config)
        : base(config)
    {
    }

    public PrecomputedPayloadS3Client(AWSCredentials credentials, AmazonS3Config config)
        : base(credentials, config)
    {
    }

    /// <summary>Gives the SHA-256 of a put's body (lower-case hex), which the signer then uses as it is.</summary>
    public void SetPayloadSha256(PutObjectRequest request, string sha256) => _digests.AddOrUpdate(request, sha256);

    /// <inheritdoc/>
    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        base.CustomizeRuntimePipeline(pipeline);
        pipeline.AddHandlerBefore<Signer>(new PrecomputedPayloadHandler(_digests));
    }

    /// <summary>Hands a request's known digest to the signer, which then trusts it.</summary>
    private sealed class PrecomputedPayloadHandler(ConditionalWeakTable<AmazonWebServiceRequest, string> digests) : PipelineHandler
    {
        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            if (digests.TryGetValue(executionContext.RequestContext.OriginalRequest, out string? digest))
            {
                executionContext.RequestContext.Request.PrecomputedContentSha256 = digest;
            }

            return base.InvokeAsync<T>(executionContext);
        }
    }
}
