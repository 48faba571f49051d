namespace Plankton.Core.Exceptions;

/// <summary>An image attribute is not valid: a disallowed format, a bad name, location or store, too many or too long properties, or a size or checksum that does not match the data. <see cref="Field"/> names the attribute.</summary>
public sealed class ImageValidationException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="ImageValidationException"/> class.</summary>
    public ImageValidationException()
        : base("An image attribute is not valid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageValidationException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ImageValidationException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageValidationException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ImageValidationException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ImageValidationException"/> class for a field.</summary>
    /// <param name="field">The attribute refused (<c>name</c>, <c>size</c>, <c>checksum</c>, <c>disk_format</c>, <c>properties.&lt;key&gt;</c>…).</param>
    /// <param name="reason">Why it was refused.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ImageValidationException(string field, string reason, Exception? innerException)
        : base($"Invalid image field '{field}': {reason}.", innerException)
    {
        Field = field;
        Reason = reason;
    }

    /// <summary>Gets the attribute that was refused, with the Glance/Plankton field name (<c>size</c>, <c>checksum</c>, <c>properties.&lt;key&gt;</c>…), when known.</summary>
    public string? Field { get; }

    /// <summary>Gets why the attribute was refused, when known.</summary>
    public string? Reason { get; }
}
