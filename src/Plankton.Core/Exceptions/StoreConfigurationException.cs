namespace Plankton.Core.Exceptions;

/// <summary>A store cannot be opened with the settings given (for example a block size that differs from the one the store was created with).</summary>
public sealed class StoreConfigurationException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="StoreConfigurationException"/> class.</summary>
    public StoreConfigurationException()
        : base("The store cannot be opened with these settings.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreConfigurationException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public StoreConfigurationException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="StoreConfigurationException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public StoreConfigurationException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
