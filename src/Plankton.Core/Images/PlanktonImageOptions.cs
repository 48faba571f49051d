using Plankton.Core.Exceptions;
using Plankton.Core.Objects;

namespace Plankton.Core.Images;

/// <summary>Settings of the image backends: upload container, allowed formats and limits.</summary>
/// <remarks>
/// A plain options object: backends call <see cref="Validate"/> and copy it when they are made, so later changes to
/// an instance do not affect a running backend.
/// </remarks>
public sealed class PlanktonImageOptions
{
    /// <summary>Gets or sets the container that <see cref="IImageBackend.PutAsync"/> uploads into, in the user's account.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultContainer"/> (<c>images</c>).</value>
    public string DefaultContainer { get; set; } = ImageConstants.DefaultContainer;

    /// <summary>Gets or sets the disk formats that images may have.</summary>
    /// <value>The default value is <c>diskdump</c>, <c>extdump</c>, <c>ntfsdump</c> (the final Plankton list).</value>
    public IReadOnlyList<string> AllowedDiskFormats { get; set; } = ["diskdump", "extdump", "ntfsdump"];

    /// <summary>Gets or sets the disk format of images made without one; must be in <see cref="AllowedDiskFormats"/>.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultDiskFormat"/> (<c>diskdump</c>).</value>
    public string DefaultDiskFormat { get; set; } = ImageConstants.DefaultDiskFormat;

    /// <summary>Gets or sets the container formats that images may have.</summary>
    /// <value>The default value is <c>aki</c>, <c>ari</c>, <c>ami</c>, <c>bare</c>, <c>ovf</c>.</value>
    public IReadOnlyList<string> AllowedContainerFormats { get; set; } = ["aki", "ari", "ami", "bare", "ovf"];

    /// <summary>Gets or sets the container format of images made without one; must be in <see cref="AllowedContainerFormats"/>.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultContainerFormat"/> (<c>bare</c>).</value>
    public string DefaultContainerFormat { get; set; } = ImageConstants.DefaultContainerFormat;

    /// <summary>Gets or sets the longest image name, in characters.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxNameLength"/> (255).</value>
    public int MaxNameLength { get; set; } = ImageConstants.DefaultMaxNameLength;

    /// <summary>Gets or sets the most properties an image may have.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxProperties"/> (64).</value>
    public int MaxProperties { get; set; } = ImageConstants.DefaultMaxProperties;

    /// <summary>Gets or sets the most members (users an image is shared with) an image may have.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxMembers"/> (128, as Glance's <c>image_member_quota</c>).</value>
    public int MaxMembers { get; set; } = ImageConstants.DefaultMaxMembers;

    /// <summary>Gets or sets the longest property key, in characters; at most <see cref="ImageConstants.MaxPropertyKeyLengthLimit"/>.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxPropertyKeyLength"/> (100).</value>
    public int MaxPropertyKeyLength { get; set; } = ImageConstants.DefaultMaxPropertyKeyLength;

    /// <summary>Gets or sets the longest property value, in characters; at most <see cref="ObjectStoreConstants.MaxMetadataValueLength"/>.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxPropertyValueLength"/> (4096).</value>
    public int MaxPropertyValueLength { get; set; } = ImageConstants.DefaultMaxPropertyValueLength;

    /// <summary>Gets or sets the most tags an image may have.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxTags"/> (32).</value>
    public int MaxTags { get; set; } = ImageConstants.DefaultMaxTags;

    /// <summary>Gets or sets the longest tag, in characters.</summary>
    /// <value>The default value is <see cref="ImageConstants.DefaultMaxTagLength"/> (128).</value>
    public int MaxTagLength { get; set; } = ImageConstants.DefaultMaxTagLength;

    /// <summary>Checks every setting and the rules between them.</summary>
    /// <exception cref="StoreConfigurationException">A setting is not valid; the message names it.</exception>
    public void Validate()
    {
        try
        {
            ObjectNames.ValidateContainer(DefaultContainer);
        }
        catch (InvalidObjectNameException ex)
        {
            throw Invalid(nameof(DefaultContainer), ex.Message, ex);
        }

        ValidateFormats(nameof(AllowedDiskFormats), AllowedDiskFormats, nameof(DefaultDiskFormat), DefaultDiskFormat);
        ValidateFormats(nameof(AllowedContainerFormats), AllowedContainerFormats, nameof(DefaultContainerFormat), DefaultContainerFormat);
        ValidateRange(nameof(MaxNameLength), MaxNameLength, 1, ObjectStoreConstants.MaxMetadataValueLength);
        ValidateRange(nameof(MaxProperties), MaxProperties, 0, 10_000);
        ValidateRange(nameof(MaxMembers), MaxMembers, 0, 10_000);
        ValidateRange(nameof(MaxPropertyKeyLength), MaxPropertyKeyLength, 1, ImageConstants.MaxPropertyKeyLengthLimit);
        ValidateRange(nameof(MaxPropertyValueLength), MaxPropertyValueLength, 1, ObjectStoreConstants.MaxMetadataValueLength);
        ValidateRange(nameof(MaxTags), MaxTags, 0, 1_000);
        ValidateRange(nameof(MaxTagLength), MaxTagLength, 1, ObjectStoreConstants.MaxMetadataValueLength);

        // Tags are stored as one JSON array in one metadata value: a full set of plain tags must fit (tags that need
        // escaping are checked one image at a time, when they are set).
        long plain = 2 + ((long)MaxTags * (MaxTagLength + 3));
        if (plain > ObjectStoreConstants.MaxMetadataValueLength)
        {
            throw Invalid(
                nameof(MaxTags),
                $"{nameof(MaxTags)} × ({nameof(MaxTagLength)} + 3) + 2 = {plain} is more than the {ObjectStoreConstants.MaxMetadataValueLength} characters of metadata the tags are stored in",
                null);
        }
    }

    private static void ValidateFormats(string listName, IReadOnlyList<string>? list, string defaultName, string? defaultValue)
    {
        if (list is null || list.Count == 0)
        {
            throw Invalid(listName, "the list must name at least one format", null);
        }

        foreach (string? format in list)
        {
            if (string.IsNullOrWhiteSpace(format) || format.Length > 64 || format.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            {
                throw Invalid(listName, $"'{format}' is not a valid format name (1 to 64 characters, no white space or control characters)", null);
            }
        }

        if (defaultValue is null || !list.Contains(defaultValue, StringComparer.Ordinal))
        {
            throw Invalid(defaultName, $"'{defaultValue}' is not in {listName}", null);
        }
    }

    private static void ValidateRange(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw Invalid(name, $"the value must be from {min} to {max} (was {value})", null);
        }
    }

    private static StoreConfigurationException Invalid(string option, string reason, Exception? inner) =>
        new($"{nameof(PlanktonImageOptions)}.{option} is not valid: {reason}.", inner);
}
