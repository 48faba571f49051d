namespace Plankton.Core.Hashing;

/// <summary>Block sizes and other constants of the Pithos hashing scheme.</summary>
public static class HashingConstants
{
    /// <summary>The Pithos default block size, 4 MiB (4,194,304 bytes).</summary>
    public const int DefaultBlockSize = 4 * 1024 * 1024;

    /// <summary>The smallest supported block size, 4 KiB.</summary>
    public const int MinBlockSize = 4 * 1024;

    /// <summary>The largest supported block size, 64 MiB.</summary>
    public const int MaxBlockSize = 64 * 1024 * 1024;

    /// <summary>The name of the only supported hash algorithm, as Pithos spells it.</summary>
    public const string HashAlgorithmName = "sha256";

    /// <summary>Checks that <paramref name="blockSize"/> is a power of two from 4 KiB to 64 MiB.</summary>
    /// <param name="blockSize">The block size to check.</param>
    /// <param name="paramName">The name of the argument, for the exception.</param>
    /// <exception cref="ArgumentOutOfRangeException">The block size is not a power of two in the supported range.</exception>
    public static void ValidateBlockSize(int blockSize, string paramName = "blockSize")
    {
        if (!IsValidBlockSize(blockSize))
        {
            throw new ArgumentOutOfRangeException(
                paramName,
                blockSize,
                $"The block size must be a power of two from {MinBlockSize} to {MaxBlockSize} bytes; {blockSize} is not.");
        }
    }

    /// <summary>Tells whether <paramref name="blockSize"/> is a power of two from 4 KiB to 64 MiB.</summary>
    /// <param name="blockSize">The block size to check.</param>
    /// <returns><see langword="true"/> when the block size is supported.</returns>
    public static bool IsValidBlockSize(int blockSize) =>
        blockSize is >= MinBlockSize and <= MaxBlockSize && int.IsPow2(blockSize);
}
