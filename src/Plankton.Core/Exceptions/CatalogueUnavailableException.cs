namespace Plankton.Core.Exceptions;

/// <summary>
/// The catalogue database cannot be reached or stopped answering (a PostgreSQL server down, a connection lost mid-call).
/// The operation changed nothing that commits: a transaction the server never confirmed is rolled back by the server.
/// Retry once the database is back.
/// </summary>
public sealed class CatalogueUnavailableException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="CatalogueUnavailableException"/> class.</summary>
    public CatalogueUnavailableException()
        : base("The object catalogue database cannot be reached.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CatalogueUnavailableException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public CatalogueUnavailableException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CatalogueUnavailableException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CatalogueUnavailableException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
