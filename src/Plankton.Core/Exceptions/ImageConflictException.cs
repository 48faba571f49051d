namespace Plankton.Core.Exceptions;

/// <summary>An image operation clashes with the image's state: deleting a protected image, a status change the lifecycle does not allow, reading an image without data, or uploading over an existing object.</summary>
public sealed class ImageConflictException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="ImageConflictException"/> class.</summary>
    public ImageConflictException()
        : base("The operation conflicts with the state of the image.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageConflictException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ImageConflictException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageConflictException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ImageConflictException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageConflictException"/> class for an image or a location.</summary>
    /// <param name="target">The image id or the location the operation was on.</param>
    /// <param name="reason">What conflicted.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImageConflictException(string target, string reason, Exception? innerException)
        : base($"Conflict on image '{target}': {reason}.", innerException)
    {
        Target = target;
        Reason = reason;
    }

    /// <summary>Gets the image id or location the operation was on, when known.</summary>
    public string? Target { get; }

    /// <summary>Gets what conflicted, when known.</summary>
    public string? Reason { get; }
}
