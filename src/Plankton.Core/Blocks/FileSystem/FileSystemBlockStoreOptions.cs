using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>Settings of a <see cref="FileSystemBlockStore"/>.</summary>
public sealed class FileSystemBlockStoreOptions
{
    /// <summary>Gets or sets the folder that holds the store; created when absent.</summary>
    /// <value>There is no default: a path is required.</value>
    public string RootPath { get; set; } = string.Empty;

    /// <summary>Gets or sets the block size; a store keeps the block size it was created with.</summary>
    /// <value>The default value is <see cref="HashingConstants.DefaultBlockSize"/> (4 MiB).</value>
    public int BlockSize { get; set; } = HashingConstants.DefaultBlockSize;

    /// <summary>Gets or sets how block files are written.</summary>
    /// <value>The default value is <see cref="BlockWriteMode.Auto"/>.</value>
    public BlockWriteMode WriteMode { get; set; } = BlockWriteMode.Auto;

    /// <summary>
    /// Gets or sets how many block hashes the store remembers as verified since it was opened. A put that finds
    /// a block already on disk checks its length every time, and its SHA-256 the first time after opening.
    /// </summary>
    /// <value>The default value is 1,048,576 (about 100 MiB of memory at most; 4 TiB of 4 MiB blocks).</value>
    public int VerifiedCacheCapacity { get; set; } = 1 << 20;

    /// <summary>Gets or sets a value indicating whether reads also check SHA-256, not only the per-block XxHash3 checksum.</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool VerifyReadsWithSha256 { get; set; }
}
