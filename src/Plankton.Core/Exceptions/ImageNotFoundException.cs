namespace Plankton.Core.Exceptions;

/// <summary>An image that was asked for does not exist (never made, unregistered, or its object is gone).</summary>
public sealed class ImageNotFoundException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class.</summary>
    public ImageNotFoundException()
        : base("The image does not exist.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ImageNotFoundException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ImageNotFoundException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageNotFoundException"/> class for an image id.</summary>
    /// <param name="imageId">The id that was looked up.</param>
    public ImageNotFoundException(Guid imageId)
        : base($"Image '{imageId}' does not exist.")
    {
        ImageId = imageId;
    }

    /// <summary>Gets the id that was looked up, when known.</summary>
    public Guid? ImageId { get; }
}
