namespace Plankton.Core.Objects;

/// <summary>The permissions in force on a path, and the path they were set on (the path itself or a folder above it).</summary>
public sealed class ObjectPermissionsInfo
{
    /// <summary>Initializes a new instance of the <see cref="ObjectPermissionsInfo"/> class.</summary>
    /// <param name="source">The path the permissions were set on, or <see langword="null"/> when none apply.</param>
    /// <param name="permissions">The permissions in force.</param>
    /// <exception cref="ArgumentNullException"><paramref name="permissions"/> is <see langword="null"/>.</exception>
    public ObjectPermissionsInfo(ObjectPath? source, ObjectPermissions permissions)
    {
        ArgumentNullException.ThrowIfNull(permissions);
        Source = source;
        Permissions = permissions;
    }

    /// <summary>Gets the path whose entries apply: the asked path (exact entries) or its nearest folder with entries; <see langword="null"/> when no entries apply.</summary>
    public ObjectPath? Source { get; }

    /// <summary>Gets the permissions in force (<see cref="ObjectPermissions.None"/> when <see cref="Source"/> is <see langword="null"/>).</summary>
    public ObjectPermissions Permissions { get; }

    /// <summary>Gets a value indicating whether the permissions are inherited from a folder above the asked path.</summary>
    public bool IsInherited { get; init; }
}
