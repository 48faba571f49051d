namespace Plankton.Core.Images;

/// <summary>What <see cref="IImageBackend.CloneAsync"/> makes of a clone: its name and, optionally, its object name.</summary>
public sealed class ImageCloneRequest
{
    /// <summary>Gets or sets the clone's name (required).</summary>
    /// <value>The default value is an empty string, which is refused.</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the object name the clone gets in the acting user's upload container.</summary>
    /// <value>The default value is <see langword="null"/>: the clone's name.</value>
    public string? FileName { get; set; }
}
