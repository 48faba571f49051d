namespace Plankton.Core.Exceptions;

/// <summary>An account, container, object or object version that was asked for does not exist.</summary>
public sealed class ObjectNotFoundException : PlanktonException
{
    /// <summary>Initializes a new instance of the <see cref="ObjectNotFoundException"/> class.</summary>
    public ObjectNotFoundException()
        : base("The object does not exist.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectNotFoundException"/> class with a message.</summary>
    /// <param name="message">The message.</param>
    public ObjectNotFoundException(string? message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectNotFoundException"/> class with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ObjectNotFoundException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ObjectNotFoundException"/> class for a path.</summary>
    /// <param name="kind">Which level was not found.</param>
    /// <param name="path">The path looked up (<c>account</c>, <c>account/container</c> or <c>account/container/name</c>), or a uuid in text form.</param>
    /// <param name="version">The version serial asked for, when one was.</param>
    public ObjectNotFoundException(ObjectNotFoundKind kind, string path, long? version = null)
        : base(FormatMessage(kind, path, version))
    {
        Kind = kind;
        Path = path;
        Version = version;
    }

    /// <summary>Gets which level was not found; <see cref="ObjectNotFoundKind.Item"/> when not given.</summary>
    public ObjectNotFoundKind Kind { get; } = ObjectNotFoundKind.Item;

    /// <summary>Gets the path (or uuid) that was looked up, when known.</summary>
    public string? Path { get; }

    /// <summary>Gets the version serial that was asked for, when one was.</summary>
    public long? Version { get; }

    private static string FormatMessage(ObjectNotFoundKind kind, string path, long? version) => kind switch
    {
        ObjectNotFoundKind.Account => $"Account '{path}' does not exist.",
        ObjectNotFoundKind.Container => $"Container '{path}' does not exist.",
        ObjectNotFoundKind.Version => $"Version {version} of object '{path}' does not exist.",
        _ => $"Object '{path}' does not exist.",
    };
}
