using Plankton.Core.Hashing;

namespace Plankton.Core.Objects;

/// <summary>One version of an object as the catalogue records it (its data is read with <see cref="IObjectStore.OpenReadAsync"/>).</summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class ObjectInfo
{
    /// <summary>Initializes a new instance of the <see cref="ObjectInfo"/> class.</summary>
    /// <param name="path">The object path.</param>
    /// <param name="uuid">The object's uuid: stable across data and metadata updates, new after delete and re-create.</param>
    /// <param name="serial">The version serial.</param>
    /// <param name="size">The size in bytes.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="hash">The Pithos top hash of the data.</param>
    /// <param name="blockSize">The block size the data was cut with.</param>
    /// <param name="timestamp">When this version was made (UTC).</param>
    /// <param name="modifiedBy">The user who made this version.</param>
    /// <exception cref="ArgumentNullException"><paramref name="path"/>, <paramref name="contentType"/> or <paramref name="modifiedBy"/> is <see langword="null"/>.</exception>
    public ObjectInfo(
        ObjectPath path,
        Guid uuid,
        long serial,
        long size,
        string contentType,
        BlockHash hash,
        int blockSize,
        DateTimeOffset timestamp,
        string modifiedBy)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(modifiedBy);
        Path = path;
        Uuid = uuid;
        Serial = serial;
        Size = size;
        ContentType = contentType;
        Hash = hash;
        BlockSize = blockSize;
        Timestamp = timestamp;
        ModifiedBy = modifiedBy;
    }

    /// <summary>Gets the object path.</summary>
    public ObjectPath Path { get; }

    /// <summary>Gets the object's uuid: kept across data and metadata updates, new after delete and re-create.</summary>
    public Guid Uuid { get; }

    /// <summary>Gets the version serial: a store-wide increasing number, never reused.</summary>
    public long Serial { get; }

    /// <summary>Gets the size in bytes.</summary>
    public long Size { get; }

    /// <summary>Gets the content type.</summary>
    public string ContentType { get; }

    /// <summary>Gets the Pithos top hash of the data (the object's checksum).</summary>
    public BlockHash Hash { get; }

    /// <summary>Gets the block size the data was cut with.</summary>
    public int BlockSize { get; }

    /// <summary>Gets when this version was made, in UTC.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>Gets the user who made this version.</summary>
    public string ModifiedBy { get; }
}
