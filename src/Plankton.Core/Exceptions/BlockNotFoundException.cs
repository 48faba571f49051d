using Plankton.Core.Hashing;

namespace Plankton.Core.Exceptions;

/// <summary>A block that was asked for is not in the block store.</summary>
public sealed class BlockNotFoundException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="BlockNotFoundException"/> class.</summary>
    public BlockNotFoundException()
        : base("The block does not exist in the block store.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BlockNotFoundException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public BlockNotFoundException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BlockNotFoundException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BlockNotFoundException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BlockNotFoundException"/> class for a hash.</summary>
    /// <param name="hash">The hash of the missing block.</param>
    public BlockNotFoundException(BlockHash hash)
        : base($"Block {hash} does not exist in the block store.")
    {
        Hash = hash;
    }

    /// <summary>Gets the hash of the missing block, when known.</summary>
    public BlockHash? Hash { get; }
}
