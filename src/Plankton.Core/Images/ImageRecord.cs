using System.Collections.ObjectModel;

namespace Plankton.Core.Images;

/// <summary>An image as a backend returns it: one object's data plus the image attributes recorded with it.</summary>
/// <remarks>
/// Immutable and thread-safe: collections given to <see cref="Properties"/> and <see cref="Tags"/> are copied.
/// Backends make records; callers change an image through <see cref="IImageBackend.UpdateAsync"/>.
/// </remarks>
public sealed record ImageRecord
{
    private static readonly IReadOnlyDictionary<string, string> s_noProperties =
        new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(StringComparer.Ordinal));

    private readonly IReadOnlyDictionary<string, string> _properties = s_noProperties;
    private readonly IReadOnlyList<string> _tags = [];

    /// <summary>Gets the image id: the uuid of the object holding the data.</summary>
    public Guid Id { get; init; }

    /// <summary>Gets the image name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Gets the checksum: the Pithos top hash of the data, 64 lower-case hex characters.</summary>
    public string Checksum { get; init; } = string.Empty;

    /// <summary>Gets the size of the data in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Gets the lifecycle status.</summary>
    public ImageStatus Status { get; init; }

    /// <summary>Gets the disk format (for example <c>diskdump</c>).</summary>
    public string DiskFormat { get; init; } = string.Empty;

    /// <summary>Gets the container format (for example <c>bare</c>).</summary>
    public string ContainerFormat { get; init; } = string.Empty;

    /// <summary>Gets who may see the image.</summary>
    public ImageVisibility Visibility { get; init; }

    /// <summary>Gets a value indicating whether the image is public (the Plankton <c>is_public</c> flag).</summary>
    public bool IsPublic => Visibility == ImageVisibility.Public;

    /// <summary>Gets the owner: the account holding the image's object.</summary>
    public string Owner { get; init; } = string.Empty;

    /// <summary>Gets the location of the data: <c>pithos://account/container/path</c>.</summary>
    public string Location { get; init; } = string.Empty;

    /// <summary>Gets the store holding the data: always <see cref="ImageConstants.Store"/>.</summary>
    public string Store { get; init; } = ImageConstants.Store;

    /// <summary>Gets the free key/value properties, in ordinal key order.</summary>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    public IReadOnlyDictionary<string, string> Properties
    {
        get => _properties;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _properties = new ReadOnlyDictionary<string, string>(new SortedDictionary<string, string>(value.ToDictionary(StringComparer.Ordinal), StringComparer.Ordinal));
        }
    }

    /// <summary>Gets when the image was made (registered or put), in UTC.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when the image was last changed, in UTC.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Gets when the image was deleted, in UTC; <see langword="null"/> unless <see cref="Status"/> is <see cref="ImageStatus.Deleted"/>.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Gets a value indicating whether the image is protected from deletion.</summary>
    public bool Protected { get; init; }

    /// <summary>Gets the tags, each once, in the order given.</summary>
    /// <exception cref="ArgumentNullException">The value set is <see langword="null"/>.</exception>
    public IReadOnlyList<string> Tags
    {
        get => _tags;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _tags = Array.AsReadOnly(value.ToArray());
        }
    }

    /// <summary>Gets the smallest disk, in GiB, that the image needs.</summary>
    public long MinDisk { get; init; }

    /// <summary>Gets the smallest memory, in MiB, that the image needs.</summary>
    public long MinRam { get; init; }

    /// <summary>Gets the members and their statuses (backend-internal: callers use <see cref="IImageBackend.ListMembersAsync"/>); not part of equality.</summary>
    internal IReadOnlyDictionary<string, ImageMemberStatus> Members { get; init; } = new Dictionary<string, ImageMemberStatus>(StringComparer.Ordinal);

    /// <summary>Compares every attribute; properties and tags by content (tags in order).</summary>
    /// <param name="other">The record to compare with.</param>
    /// <returns><see langword="true"/> when both records describe the same image state.</returns>
    public bool Equals(ImageRecord? other) =>
        other is not null
        && Id == other.Id
        && string.Equals(Name, other.Name, StringComparison.Ordinal)
        && string.Equals(Checksum, other.Checksum, StringComparison.Ordinal)
        && Size == other.Size
        && Status == other.Status
        && string.Equals(DiskFormat, other.DiskFormat, StringComparison.Ordinal)
        && string.Equals(ContainerFormat, other.ContainerFormat, StringComparison.Ordinal)
        && Visibility == other.Visibility
        && string.Equals(Owner, other.Owner, StringComparison.Ordinal)
        && string.Equals(Location, other.Location, StringComparison.Ordinal)
        && string.Equals(Store, other.Store, StringComparison.Ordinal)
        && CreatedAt == other.CreatedAt
        && UpdatedAt == other.UpdatedAt
        && DeletedAt == other.DeletedAt
        && Protected == other.Protected
        && MinDisk == other.MinDisk
        && MinRam == other.MinRam
        && Tags.SequenceEqual(other.Tags, StringComparer.Ordinal)
        && Properties.Count == other.Properties.Count
        && Properties.All(p => other.Properties.TryGetValue(p.Key, out string? value) && string.Equals(p.Value, value, StringComparison.Ordinal));

    /// <summary>Returns a hash code consistent with <see cref="Equals(ImageRecord)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => HashCode.Combine(Id, Checksum, Status, UpdatedAt, Properties.Count, Tags.Count);
}
