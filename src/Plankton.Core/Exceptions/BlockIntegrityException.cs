using Plankton.Core.Hashing;

namespace Plankton.Core.Exceptions;

/// <summary>
/// Stored block bytes do not match their name: the block is corrupt (bit rot, a torn or truncated file, or a
/// file written by something else). The bytes are never returned.
/// </summary>
public sealed class BlockIntegrityException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="BlockIntegrityException"/> class.</summary>
    public BlockIntegrityException()
        : base("A stored block does not match its hash.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BlockIntegrityException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public BlockIntegrityException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BlockIntegrityException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BlockIntegrityException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BlockIntegrityException"/> class for a block.</summary>
    /// <param name="hash">The hash the block is stored under.</param>
    /// <param name="reason">What was found wrong, for the message.</param>
    public BlockIntegrityException(BlockHash hash, string reason)
        : base($"Block {hash} is corrupt: {reason}.")
    {
        Hash = hash;
        Reason = reason;
    }

    /// <summary>Gets the hash the corrupt block is stored under, when known.</summary>
    public BlockHash? Hash { get; }

    /// <summary>Gets what was found wrong, when known.</summary>
    public string? Reason { get; }
}
