namespace Plankton.Core.Exceptions;

/// <summary>The root of every error that Plankton.Core raises for a reason other than misuse of an API.</summary>
public abstract class PlanktonException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PlanktonException"/> class.</summary>
    protected PlanktonException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PlanktonException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    protected PlanktonException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PlanktonException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    protected PlanktonException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
