using System.Buffers.Binary;
using System.IO.Hashing;
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

    public static void WriteTrailer(ReadOnlySpan<byte> content, BlockHash hash, Span<byte> trailer)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(trailer, Checksum(content, hash));
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[8..], Magic);
        BinaryPrimitives.WriteInt32LittleEndian(trailer[12..], content.Length);
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
