using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>
/// What the ingestion pipeline learns of a block's stored form (<see cref="BlockFileFormat"/>: content, then trailer)
/// in the same pass that hashes it: the trailer's checksum and the SHA-256 of the whole stored form. A store that
/// uploads that form through a protocol which signs its payload with SHA-256 (S3's SigV4) hands the digest on instead
/// of hashing the block a second time.
/// </summary>
/// <param name="Checksum">The trailer's checksum (<see cref="BlockFileFormat.Checksum"/>).</param>
/// <param name="Sha256">The SHA-256 of content followed by trailer.</param>
internal readonly record struct BlockFileDigest(ulong Checksum, BlockHash Sha256);
