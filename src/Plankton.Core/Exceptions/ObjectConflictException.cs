namespace Plankton.Core.Exceptions;

/// <summary>
/// An operation clashed with the state of the store: a concurrent change, a constraint the catalogue enforces, or
/// a database that stayed busy past its timeout. Retrying may succeed.
/// </summary>
public sealed class ObjectConflictException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="ObjectConflictException"/> class.</summary>
    public ObjectConflictException()
        : base("The operation conflicts with the current state of the object store.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectConflictException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ObjectConflictException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectConflictException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ObjectConflictException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectConflictException"/> class for a path.</summary>
    /// <param name="path">The path the conflicting operation was on.</param>
    /// <param name="reason">What conflicted, for the message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ObjectConflictException(string path, string reason, Exception? innerException)
        : base($"Conflict on '{path}': {reason}.", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>Gets the path the conflicting operation was on, when known.</summary>
    public string? Path { get; }

    /// <summary>Gets what conflicted, when known.</summary>
    public string? Reason { get; }
}
