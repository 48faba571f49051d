namespace Plankton.Core.Images;

/// <summary>
/// The changes of <see cref="IImageBackend.UpdateAsync"/>: every <see langword="null"/> member leaves its attribute
/// as it is. The size, checksum, id, owner, location and timestamps have no member: they cannot be changed.
/// </summary>
public sealed class ImageUpdate
{
    /// <summary>Gets or sets the new name.</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the new disk format (from <see cref="PlanktonImageOptions.AllowedDiskFormats"/>).</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public string? DiskFormat { get; set; }

    /// <summary>Gets or sets the new container format (from <see cref="PlanktonImageOptions.AllowedContainerFormats"/>).</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public string? ContainerFormat { get; set; }

    /// <summary>Gets or sets the new visibility.</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public ImageVisibility? Visibility { get; set; }

    /// <summary>Gets or sets whether the image is protected from deletion.</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public bool? Protected { get; set; }

    /// <summary>Gets or sets the new minimum disk, in GiB.</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public long? MinDisk { get; set; }

    /// <summary>Gets or sets the new minimum memory, in MiB.</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public long? MinRam { get; set; }

    /// <summary>Gets or sets the new tags, replacing the old ones.</summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>
    /// Gets or sets the new status: only <see cref="ImageStatus.Active"/> ⇄ <see cref="ImageStatus.Deactivated"/>
    /// (or the current status, which changes nothing) may be asked for.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: unchanged.</value>
    public ImageStatus? Status { get; set; }

    /// <summary>Gets or sets properties to apply as <see cref="PropertiesMode"/> says.</summary>
    /// <value>The default value is <see langword="null"/>: the properties are left alone.</value>
    public IReadOnlyDictionary<string, string>? Properties { get; set; }

    /// <summary>Gets or sets how <see cref="Properties"/> is applied; ignored when it is <see langword="null"/>.</summary>
    /// <value>The default value is <see cref="ImagePropertiesMode.Merge"/>.</value>
    public ImagePropertiesMode PropertiesMode { get; set; }
}
