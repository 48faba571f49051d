using Plankton.Core.Ingestion;

namespace Plankton.Core.Images;

/// <summary>The attributes of an image being made by <see cref="IImageBackend.PutAsync"/> or <see cref="IImageBackend.RegisterAsync"/>.</summary>
public sealed class ImageCreateRequest
{
    /// <summary>Gets or sets the image name (required).</summary>
    /// <value>The default value is an empty string, which is refused.</value>
    public string Name { get; set; } = string.Empty;

    /// <summary>Gets or sets the object name that <see cref="IImageBackend.PutAsync"/> writes in the upload container; ignored by registration.</summary>
    /// <value>The default value is <see langword="null"/>: the image name.</value>
    public string? FileName { get; set; }

    /// <summary>Gets or sets the disk format.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="PlanktonImageOptions.DefaultDiskFormat"/>.</value>
    public string? DiskFormat { get; set; }

    /// <summary>Gets or sets the container format.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="PlanktonImageOptions.DefaultContainerFormat"/>.</value>
    public string? ContainerFormat { get; set; }

    /// <summary>Gets or sets the store; only <see cref="ImageConstants.Store"/> is accepted.</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="ImageConstants.Store"/>.</value>
    public string? Store { get; set; }

    /// <summary>Gets or sets who may see the image.</summary>
    /// <value>The default value is <see cref="ImageVisibility.Private"/>.</value>
    public ImageVisibility Visibility { get; set; }

    /// <summary>Gets or sets a value indicating whether the image is protected from deletion.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool Protected { get; set; }

    /// <summary>Gets or sets the smallest disk, in GiB, that the image needs.</summary>
    /// <value>The default value is 0.</value>
    public long MinDisk { get; set; }

    /// <summary>Gets or sets the smallest memory, in MiB, that the image needs.</summary>
    /// <value>The default value is 0.</value>
    public long MinRam { get; set; }

    /// <summary>Gets or sets the tags (duplicates are dropped).</summary>
    /// <value>The default value is <see langword="null"/>: none.</value>
    public IReadOnlyList<string>? Tags { get; set; }

    /// <summary>Gets or sets the free properties; values must not be empty.</summary>
    /// <value>The default value is <see langword="null"/>: none.</value>
    public IReadOnlyDictionary<string, string>? Properties { get; set; }

    /// <summary>Gets or sets the size the data must have, when the caller knows it.</summary>
    /// <value>The default value is <see langword="null"/>: not checked.</value>
    public long? Size { get; set; }

    /// <summary>Gets or sets the checksum (Pithos top hash, 64 hex characters, either case) the data must have, when the caller knows it.</summary>
    /// <value>The default value is <see langword="null"/>: not checked.</value>
    public string? Checksum { get; set; }

    /// <summary>Gets or sets the ingestion settings of an upload (used by backends that ingest into a block store).</summary>
    /// <value>The default value is <see langword="null"/>: <see cref="IngestOptions.Default"/>.</value>
    public IngestOptions? Ingest { get; set; }
}
