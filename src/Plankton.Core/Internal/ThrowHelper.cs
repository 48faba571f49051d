using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Plankton.Core;

/// <summary>Throw sites kept out of hot paths so that callers stay small enough to inline.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentException_HashLength(string paramName, int length) =>
        throw new ArgumentException($"A block hash is {Hashing.BlockHash.Size} bytes; {length} were given.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentException_DestinationTooShort(string paramName) =>
        throw new ArgumentException($"The destination must hold at least {Hashing.BlockHash.Size} bytes.", paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowFormatException_BlockHash(ReadOnlySpan<char> text)
    {
        string shown = text.Length > 80 ? string.Concat(text[..77], "...") : text.ToString();
        throw new FormatException(
            $"'{shown}' is not a block hash: a block hash is exactly {Hashing.BlockHash.HexLength} hex digits ({text.Length} characters given).");
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowArgumentException_BlockTooLarge(string paramName, int length, int blockSize) =>
        throw new ArgumentException($"A block holds at most {blockSize} bytes; {length} were given.", paramName);
}
