namespace Plankton.Core.Images;

/// <summary>A validated, frozen copy of <see cref="PlanktonImageOptions"/>, taken when a backend is made.</summary>
internal sealed class ImageSettings
{
    private ImageSettings(PlanktonImageOptions options)
    {
        DefaultContainer = options.DefaultContainer;
        DiskFormats = [.. options.AllowedDiskFormats];
        DefaultDiskFormat = options.DefaultDiskFormat;
        ContainerFormats = [.. options.AllowedContainerFormats];
        DefaultContainerFormat = options.DefaultContainerFormat;
        MaxNameLength = options.MaxNameLength;
        MaxProperties = options.MaxProperties;
        MaxMembers = options.MaxMembers;
        MaxPropertyKeyLength = options.MaxPropertyKeyLength;
        MaxPropertyValueLength = options.MaxPropertyValueLength;
        MaxTags = options.MaxTags;
        MaxTagLength = options.MaxTagLength;
    }

    public string DefaultContainer { get; }

    public IReadOnlyList<string> DiskFormats { get; }

    public string DefaultDiskFormat { get; }

    public IReadOnlyList<string> ContainerFormats { get; }

    public string DefaultContainerFormat { get; }

    public int MaxNameLength { get; }

    public int MaxProperties { get; }

    public int MaxMembers { get; }

    public int MaxPropertyKeyLength { get; }

    public int MaxPropertyValueLength { get; }

    public int MaxTags { get; }

    public int MaxTagLength { get; }

    /// <summary>Validates <paramref name="options"/> (the defaults when <see langword="null"/>) and freezes a copy.</summary>
    public static ImageSettings From(PlanktonImageOptions? options)
    {
        options ??= new PlanktonImageOptions();
        options.Validate();
        return new ImageSettings(options);
    }
}
