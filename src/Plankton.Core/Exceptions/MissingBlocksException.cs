using Plankton.Core.Hashing;

namespace Plankton.Core.Exceptions;

/// <summary>
/// An object was written by hashmap, but some of its blocks are not in the block store: nothing was written. Upload
/// exactly <see cref="MissingBlocks"/> and write again (the Pithos "send the hashmap first" protocol).
/// </summary>
public sealed class MissingBlocksException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="MissingBlocksException"/> class.</summary>
    public MissingBlocksException()
        : base("Some blocks of the hashmap are not in the block store.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingBlocksException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public MissingBlocksException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingBlocksException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MissingBlocksException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MissingBlocksException"/> class for an object and its missing blocks.</summary>
    /// <param name="path">The object path that was being written.</param>
    /// <param name="missingBlocks">The missing block hashes, each once, in hashmap order; copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="missingBlocks"/> is <see langword="null"/>.</exception>
    public MissingBlocksException(string path, IReadOnlyList<BlockHash> missingBlocks)
        : base($"{missingBlocks?.Count ?? 0} block(s) of object '{path}' are not in the block store; nothing was written.")
    {
        ArgumentNullException.ThrowIfNull(missingBlocks);
        Path = path;
        MissingBlocks = [.. missingBlocks];
    }

    /// <summary>Gets the object path that was being written, when known.</summary>
    public string? Path { get; }

    /// <summary>Gets the missing block hashes, each once, in hashmap order; empty when not known.</summary>
    public IReadOnlyList<BlockHash> MissingBlocks { get; } = [];
}
