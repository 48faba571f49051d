namespace Plankton.Core.Exceptions;

/// <summary>
/// An account, container, object, user, domain or metadata name is not valid (empty, too long, with an empty
/// path segment or a control character). Invalid names are refused before they reach SQL or the file system.
/// </summary>
public sealed class InvalidObjectNameException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidObjectNameException"/> class.</summary>
    public InvalidObjectNameException()
        : base("The name is not valid.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidObjectNameException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public InvalidObjectNameException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidObjectNameException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidObjectNameException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidObjectNameException"/> class for a name.</summary>
    /// <param name="what">What the name names (<c>account</c>, <c>container</c>, <c>object</c>, <c>user</c>, <c>domain</c>, <c>metadata key</c>…).</param>
    /// <param name="name">The refused name (shown with control characters escaped).</param>
    /// <param name="reason">Why it was refused.</param>
    public InvalidObjectNameException(string what, string? name, string reason)
        : base($"Invalid {what} name '{Escape(name)}': {reason}.")
    {
        What = what;
        Name = name;
        Reason = reason;
    }

    /// <summary>Gets what the refused name names, when known.</summary>
    public string? What { get; }

    /// <summary>Gets the refused name, when known.</summary>
    public string? Name { get; }

    /// <summary>Gets why the name was refused, when known.</summary>
    public string? Reason { get; }

    private static string Escape(string? name)
    {
        if (name is null)
        {
            return "(null)";
        }

        string shown = name.Length > 80 ? string.Concat(name.AsSpan(0, 80), "…") : name;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
