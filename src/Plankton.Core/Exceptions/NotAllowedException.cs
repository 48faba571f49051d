namespace Plankton.Core.Exceptions;

/// <summary>A user asked for an operation on an account, container or object that they are not allowed to perform.</summary>
public sealed class NotAllowedException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="NotAllowedException"/> class.</summary>
    public NotAllowedException()
        : base("The operation is not allowed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotAllowedException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public NotAllowedException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotAllowedException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public NotAllowedException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="NotAllowedException"/> class for a user and a path.</summary>
    /// <param name="userId">The user who asked.</param>
    /// <param name="path">The account, container or object path the operation was on.</param>
    public NotAllowedException(string userId, string path)
        : base($"User '{userId}' is not allowed to access '{path}'.")
    {
        UserId = userId;
        Path = path;
    }

    /// <summary>Gets the user who was refused, when known.</summary>
    public string? UserId { get; }

    /// <summary>Gets the path the refused operation was on, when known.</summary>
    public string? Path { get; }
}
