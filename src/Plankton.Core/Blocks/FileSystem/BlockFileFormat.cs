using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>
/// The on-disk form of a block: its content (trailing zeros stripped) followed by a 16-byte trailer that lets
/// every read be checked cheaply without re-running SHA-256.
/// </summary>
/// <remarks>
/// Trailer: XxHash3-64 of the content seeded with the first eight bytes of the block's hash (8 bytes,
/// little-endian), the magic <c>PKB1</c> (4 bytes), and the content length (4 bytes, little-endian). Seeding with the
/// hash binds the checksum to the file's name, so a whole, valid block file copied or renamed under another hash
/// is caught too. SHA-256 remains the block's name; the XxHash3 value only detects damage.
/// </remarks>
internal static class BlockFileFormat
{
    public const int TrailerSize = 16;

    private const uint Magic = 0x31424B50; // "PKB1" read as little-endian

    public static ulong Checksum(ReadOnlySpan<byte> content, BlockHash hash) => XxHash3.HashToUInt64(content, hash.Prefix64);

    public static void WriteTrailer(ReadOnlySpan<byte> content, BlockHash hash, Span<byte> trailer) =>
        WriteTrailer(Checksum(content, hash), content.Length, trailer);

    /// <summary>Writes a trailer from a checksum already computed (<see cref="BlockFileDigest.Checksum"/>).</summary>
    public static void WriteTrailer(ulong checksum, int contentLength, Span<byte> trailer)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[8..], Magic);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[12..], contentLength);
    }

    /// <summary>
    /// Hashes a block's content and, in the same SHA-256 pass, digests its stored form: the SHA-256 state after the
    /// content is read out as the block's hash, then continued over the trailer.
    /// </summary>
    /// <param name="content">The block content (trailing zeros stripped).</param>
    /// <param name="sha256">A SHA-256 <see cref="IncrementalHash"/> with no data appended; left reset.</param>
    /// <param name="digest">The stored form's checksum and SHA-256.</param>
    /// <returns>The block's hash (SHA-256 of <paramref name="content"/>).</returns>
    public static BlockHash HashWithDigest(ReadOnlySpan<byte> content, IncrementalHash sha256, out BlockFileDigest digest)
    {
        Span<byte> bytes = stackalloc byte[BlockHash.Size];
        sha256.AppendData(content);
        sha256.GetCurrentHash(bytes);
        var hash = new BlockHash(bytes);
        ulong checksum = Checksum(content, hash);
        Span<byte> trailer = stackalloc byte[TrailerSize];
        WriteTrailer(checksum, content.Length, trailer);
        sha256.AppendData(trailer);
        sha256.GetHashAndReset(bytes);
        digest = new BlockFileDigest(checksum, new BlockHash(bytes));
        return hash;
    }

    /// <summary>Checks a trailer against the content it follows; returns a reason when it does not match.</summary>
    public static string? Check(ReadOnlySpan<byte> content, BlockHash hash, ReadOnlySpan<byte> trailer)
    {
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer[8..]) != Magic)
        {
            return "the block file has no valid trailer";
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(trailer[12..]) != content.Length)
        {
            return "the block file is truncated or extended";
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(trailer) != Checksum(content, hash))
        {
            return "the block file's checksum does not match its bytes";
        }

        return null;
    }
}
