namespace Plankton.Core.Objects;

/// <summary>
/// The address of an object: <c>account/container/name</c>, where the name may contain <c>/</c>. Every part is
/// validated when the path is made, so an instance always holds a valid path.
/// </summary>
/// <remarks>Immutable and thread-safe; equality is ordinal on the three parts.</remarks>
public sealed class ObjectPath : IEquatable<ObjectPath>
{
    /// <summary>Initializes a new instance of the <see cref="ObjectPath"/> class.</summary>
    /// <param name="account">The account name: no <c>/</c>, no control characters, at most <see cref="ObjectStoreConstants.MaxAccountLength"/> characters.</param>
    /// <param name="container">The container name: no <c>/</c>, no control characters, at most <see cref="ObjectStoreConstants.MaxContainerLength"/> characters.</param>
    /// <param name="name">The object name: <c>/</c>-separated non-empty segments other than <c>.</c> and <c>..</c>, no control characters, at most <see cref="ObjectStoreConstants.MaxObjectNameLength"/> characters.</param>
    /// <exception cref="Exceptions.InvalidObjectNameException">A part is not valid.</exception>
    public ObjectPath(string account, string container, string name)
    {
        ObjectNames.ValidateAccount(account);
        ObjectNames.ValidateContainer(container);
        ObjectNames.ValidateObjectName(name);
        Account = account;
        Container = container;
        Name = name;
    }

    /// <summary>The scheme of Pithos object locations (<c>pithos://account/container/name</c>).</summary>
    public const string LocationScheme = "pithos://";

    /// <summary>Parses a Pithos object location, <c>pithos://account/container/name</c> (the name may contain <c>/</c>).</summary>
    /// <param name="location">The location.</param>
    /// <returns>The object path it names.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="location"/> is <see langword="null"/>.</exception>
    /// <exception cref="Exceptions.InvalidObjectNameException">It is not of that form, or a part is not a valid name.</exception>
    public static ObjectPath ParseLocation(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.StartsWith(LocationScheme, StringComparison.Ordinal))
        {
            throw new Exceptions.InvalidObjectNameException($"'{location}' does not start with '{LocationScheme}'");
        }

        string rest = location[LocationScheme.Length..];
        int first = rest.IndexOf('/', StringComparison.Ordinal);
        int second = first < 0 ? -1 : rest.IndexOf('/', first + 1);
        if (first <= 0 || second <= first + 1 || second == rest.Length - 1)
        {
            throw new Exceptions.InvalidObjectNameException($"'{location}' is not of the form {LocationScheme}account/container/path");
        }

        return new ObjectPath(rest[..first], rest[(first + 1)..second], rest[(second + 1)..]);
    }

    /// <summary>Gets the account name.</summary>
    public string Account { get; }

    /// <summary>Gets the container name.</summary>
    public string Container { get; }

    /// <summary>Gets the object name inside the container.</summary>
    public string Name { get; }

    /// <summary>Returns the path as <c>account/container/name</c>.</summary>
    /// <returns>The full path.</returns>
    public override string ToString() => $"{Account}/{Container}/{Name}";

    /// <inheritdoc/>
    public bool Equals(ObjectPath? other) =>
        other is not null
        && string.Equals(Account, other.Account, StringComparison.Ordinal)
        && string.Equals(Container, other.Container, StringComparison.Ordinal)
        && string.Equals(Name, other.Name, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ObjectPath);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        HashCode.Combine(
            StringComparer.Ordinal.GetHashCode(Account),
            StringComparer.Ordinal.GetHashCode(Container),
            StringComparer.Ordinal.GetHashCode(Name));
}
