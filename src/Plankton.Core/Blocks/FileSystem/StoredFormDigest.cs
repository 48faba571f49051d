using System.Security.Cryptography;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>
/// The SHA-256 of a block's stored form (<see cref="BlockFileFormat"/>: content, then trailer), left half-done by the
/// ingestion pipeline: the hash state after the content, which named the block, is kept, and a store that uploads the
/// stored form through a protocol that signs its payload with SHA-256 (S3's SigV4) finishes it over the 16-byte
/// trailer instead of hashing the block a second time. A block that is never uploaded (already present) costs nothing
/// more than keeping the state.
/// </summary>
/// <remarks>Thread-safe; <see cref="Finish"/> gives the same digest however often it is called. Owned by the pipeline
/// slot that made it, which disposes it once the block's put has returned.</remarks>
internal sealed class StoredFormDigest : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IncrementalHash _sha256;
    private BlockHash? _digest;

    private StoredFormDigest(IncrementalHash afterContent)
    {
        _sha256 = afterContent;
    }

    /// <summary>Hashes a block's content, keeping the SHA-256 state for the digest of its stored form.</summary>
    /// <param name="content">The block content (trailing zeros stripped).</param>
    /// <param name="hash">The block's hash: SHA-256 of <paramref name="content"/>.</param>
    /// <returns>The unfinished digest of the stored form.</returns>
    public static StoredFormDigest Start(ReadOnlySpan<byte> content, out BlockHash hash)
    {
        var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha256.AppendData(content);
        Span<byte> bytes = stackalloc byte[BlockHash.Size];
        sha256.GetCurrentHash(bytes);
        hash = new BlockHash(bytes);
        return new StoredFormDigest(sha256);
    }

    /// <summary>Finishes the digest over the block's trailer (the same trailer the stored form ends with).</summary>
    /// <param name="trailer">The block's <see cref="BlockFileFormat.TrailerSize"/>-byte trailer.</param>
    /// <returns>The SHA-256 of content followed by <paramref name="trailer"/>.</returns>
    public BlockHash Finish(ReadOnlySpan<byte> trailer)
    {
        lock (_gate)
        {
            if (_digest is null)
            {
                _sha256.AppendData(trailer);
                Span<byte> bytes = stackalloc byte[BlockHash.Size];
                _sha256.GetHashAndReset(bytes);
                _digest = new BlockHash(bytes);
            }

            return _digest.Value;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _sha256.Dispose();
}
