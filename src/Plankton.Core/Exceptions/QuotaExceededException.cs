namespace Plankton.Core.Exceptions;

/// <summary>A write would take an account or a container over its quota; nothing was committed.</summary>
public sealed class QuotaExceededException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="QuotaExceededException"/> class.</summary>
    public QuotaExceededException()
        : base("The quota is exceeded.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QuotaExceededException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public QuotaExceededException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QuotaExceededException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public QuotaExceededException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="QuotaExceededException"/> class for a refused write.</summary>
    /// <param name="scope">The account (<c>account</c>) or container (<c>account/container</c>) whose quota would be exceeded.</param>
    /// <param name="quota">The quota in bytes.</param>
    /// <param name="usage">The usage in bytes the write would have led to.</param>
    public QuotaExceededException(string scope, long quota, long usage)
        : base($"The quota of '{scope}' is exceeded: limit {quota} bytes, usage with this write {usage} bytes.")
    {
        Scope = scope;
        Quota = quota;
        Usage = usage;
    }

    /// <summary>Gets the account or <c>account/container</c> whose quota would be exceeded, when known.</summary>
    public string? Scope { get; }

    /// <summary>Gets the quota in bytes, when known.</summary>
    public long? Quota { get; }

    /// <summary>Gets the usage in bytes the refused write would have led to, when known.</summary>
    public long? Usage { get; }
}
