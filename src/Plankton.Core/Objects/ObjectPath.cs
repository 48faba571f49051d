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
