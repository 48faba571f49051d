using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;

namespace Plankton.Core.Hashing;

/// <summary>
/// A 32-byte SHA-256 digest: the name of a Pithos block, or the top hash (checksum) of an object.
/// </summary>
/// <remarks>
/// The value is stored inline (four 64-bit words), so it can be passed, compared and used as a
/// dictionary key without allocating. <see cref="ToString()"/> gives the lower-case hex form used by the
/// Pithos and Plankton APIs; <see cref="Parse(string)"/> accepts exactly 64 hex digits and nothing else.
/// </remarks>
[StructLayout(LayoutKind.Sequential)]
public readonly struct BlockHash : IEquatable<BlockHash>, ISpanFormattable
{
    /// <summary>The length of a hash in bytes.</summary>
    public const int Size = 32;

    /// <summary>The length of a hash in hex characters.</summary>
    public const int HexLength = 64;

    private readonly ulong _w0;
    private readonly ulong _w1;
    private readonly ulong _w2;
    private readonly ulong _w3;

    /// <summary>Initializes a new instance of the <see cref="BlockHash"/> struct from 32 raw digest bytes.</summary>
    /// <param name="bytes">Exactly <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 32 bytes long.</exception>
    public BlockHash(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            ThrowHelper.ThrowArgumentException_HashLength(nameof(bytes), bytes.Length);
        }

        _w0 = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        _w1 = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        _w2 = BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]);
        _w3 = BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]);
    }

    /// <summary>
    /// Gets the hash of empty data, <c>e3b0c442…b855</c>: the Pithos name of an empty or all-zero block and the
    /// checksum of an empty object.
    /// </summary>
    public static BlockHash Empty { get; } = FromHexLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /// <summary>Gets the all-zero value used to pad a hashmap to a power of two when computing the top hash.</summary>
    public static BlockHash Zero => default;

    /// <summary>Gets the first eight digest bytes as a number (seeds the per-block checksum of block files).</summary>
    internal long Prefix64 => unchecked((long)_w0);

    /// <summary>Gets the first digest byte (used to shard blocks into folders).</summary>
    internal byte FirstByte => (byte)(_w0 >> 56);

    /// <summary>Gets a value indicating whether this is the hash of empty data (an all-zero block).</summary>
    public bool IsEmpty => Equals(Empty);

    /// <summary>Writes the 32 raw digest bytes into <paramref name="destination"/>.</summary>
    /// <param name="destination">A span of at least <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than 32 bytes.</exception>
    public void CopyTo(Span<byte> destination)
    {
        if (destination.Length < Size)
        {
            ThrowHelper.ThrowArgumentException_DestinationTooShort(nameof(destination));
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _w0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _w1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _w2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _w3);
    }

    /// <summary>Returns the 32 raw digest bytes as a new array.</summary>
    /// <returns>A new 32-byte array.</returns>
    public byte[] ToArray()
    {
        byte[] bytes = new byte[Size];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Parses exactly 64 hex digits (either case) into a hash.</summary>
    /// <param name="hex">The hex text.</param>
    /// <returns>The parsed hash.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hex"/> is <see langword="null"/>.</exception>
    /// <exception cref="FormatException"><paramref name="hex"/> is not exactly 64 hex digits.</exception>
    public static BlockHash Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return Parse(hex.AsSpan());
    }

    /// <summary>Parses exactly 64 hex digits (either case) into a hash.</summary>
    /// <param name="hex">The hex text.</param>
    /// <returns>The parsed hash.</returns>
    /// <exception cref="FormatException"><paramref name="hex"/> is not exactly 64 hex digits.</exception>
    public static BlockHash Parse(ReadOnlySpan<char> hex)
    {
        if (!TryParse(hex, out BlockHash hash))
        {
            ThrowHelper.ThrowFormatException_BlockHash(hex);
        }

        return hash;
    }

    /// <summary>Tries to parse exactly 64 hex digits (either case) into a hash.</summary>
    /// <param name="hex">The hex text; <see langword="null"/> fails.</param>
    /// <param name="hash">The parsed hash, or <see langword="default"/> on failure.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> was a valid hash.</returns>
    public static bool TryParse([NotNullWhen(true)] string? hex, out BlockHash hash)
    {
        if (hex is null)
        {
            hash = default;
            return false;
        }

        return TryParse(hex.AsSpan(), out hash);
    }

    /// <summary>Tries to parse exactly 64 hex digits (either case) into a hash.</summary>
    /// <param name="hex">The hex text.</param>
    /// <param name="hash">The parsed hash, or <see langword="default"/> on failure.</param>
    /// <returns><see langword="true"/> when <paramref name="hex"/> was a valid hash.</returns>
    public static bool TryParse(ReadOnlySpan<char> hex, out BlockHash hash)
    {
        hash = default;
        if (hex.Length != HexLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Size];
        if (Convert.FromHexString(hex, bytes, out int consumed, out int written) != System.Buffers.OperationStatus.Done
            || consumed != HexLength
            || written != Size)
        {
            return false;
        }

        hash = new BlockHash(bytes);
        return true;
    }

    /// <summary>Returns the lower-case hex form (64 characters).</summary>
    /// <returns>The hash as lower-case hex.</returns>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc/>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc/>
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider)
    {
        Span<byte> bytes = stackalloc byte[Size];
        CopyTo(bytes);
        return Convert.TryToHexStringLower(bytes, destination, out charsWritten);
    }

    /// <inheritdoc/>
    public bool Equals(BlockHash other) =>
        _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BlockHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)(_w0 ^ (_w0 >> 32));

    /// <summary>Compares two hashes for equality.</summary>
    /// <param name="left">The first hash.</param>
    /// <param name="right">The second hash.</param>
    /// <returns><see langword="true"/> when both hold the same 32 bytes.</returns>
    public static bool operator ==(BlockHash left, BlockHash right) => left.Equals(right);

    /// <summary>Compares two hashes for inequality.</summary>
    /// <param name="left">The first hash.</param>
    /// <param name="right">The second hash.</param>
    /// <returns><see langword="true"/> when the hashes differ.</returns>
    public static bool operator !=(BlockHash left, BlockHash right) => !left.Equals(right);

    private static BlockHash FromHexLiteral(string hex) => Parse(hex);
}
