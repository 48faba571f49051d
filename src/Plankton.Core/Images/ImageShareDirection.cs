namespace Plankton.Core.Images;

/// <summary>Which side of sharing <see cref="IImageBackend.ListSharedAsync"/> lists.</summary>
public enum ImageShareDirection
{
    /// <summary>The user's own shared images that have at least one member.</summary>
    SharedByMe = 0,

    /// <summary>Other users' shared images the user is a member of.</summary>
    SharedWithMe = 1,
}
