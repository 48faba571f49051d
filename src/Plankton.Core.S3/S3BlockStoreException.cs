using System.Net;
using Plankton.Core.Exceptions;

namespace Plankton.Core.S3;

/// <summary>
/// An S3 request of an <see cref="S3BlockStore"/> failed: the server is down or unreachable, kept failing after the
/// retries, or refused the request (for example access denied or no such bucket).
/// </summary>
/// <remarks>
/// Nothing half-done is left behind: an object is either written whole or not at all, so the operation can simply be
/// repeated once the server is back. <see cref="Exception.InnerException"/> holds the SDK's or the network's error.
/// </remarks>
public sealed class S3BlockStoreException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="S3BlockStoreException"/> class.</summary>
    public S3BlockStoreException()
        : base("An S3 block store request failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="S3BlockStoreException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public S3BlockStoreException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="S3BlockStoreException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public S3BlockStoreException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    internal S3BlockStoreException(string message, Exception innerException, HttpStatusCode? statusCode, string? errorCode, bool isTransient, int attempts)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        IsTransient = isTransient;
        Attempts = attempts;
    }

    /// <summary>Gets the HTTP status the server answered, or <see langword="null"/> when no answer came (server down, network error, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>Gets the S3 error code (such as <c>SlowDown</c>, <c>AccessDenied</c> or <c>NoSuchBucket</c>), when the server sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets a value indicating whether the failure was transient (throttling, server error, network, timeout) and the retries ran out.</summary>
    public bool IsTransient { get; }

    /// <summary>Gets how many attempts were made.</summary>
    public int Attempts { get; }
}
