using System.ComponentModel.DataAnnotations;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;
using Plankton.Core.Images;

namespace Plankton.Core.Options;

/// <summary>
/// Settings of the embedded default stack that <c>AddPlanktonCore</c> registers: a file-system block store, a SQLite
/// catalogue and the Pithos image backend, all under one root folder.
/// </summary>
/// <remarks>
/// Blocks are kept in <c>&lt;RootPath&gt;/blocks</c> (<see cref="PlanktonStorageConstants.BlocksFolderName"/>) and the
/// catalogue in <c>&lt;RootPath&gt;/catalogue.db</c> (<see cref="PlanktonStorageConstants.CatalogueFileName"/>).
/// The settings are validated when the host starts (or when <c>IStartupValidator.Validate</c> is called); the stores
/// are made from them once, so later changes do not affect running stores.
/// </remarks>
public sealed class PlanktonStorageOptions
{
    /// <summary>Gets or sets the folder that holds the blocks and the catalogue; created when absent.</summary>
    /// <value>The default value is the empty string, which is not valid: a path is required.</value>
    [Required]
    public string RootPath { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the block size in bytes: a power of two from <see cref="HashingConstants.MinBlockSize"/> (4 KiB)
    /// to <see cref="HashingConstants.MaxBlockSize"/> (64 MiB). A block store keeps the block size it was created with.
    /// </summary>
    /// <value>The default value is <see cref="PlanktonStorageConstants.DefaultBlockSize"/> (4 MiB).</value>
    [Range(HashingConstants.MinBlockSize, HashingConstants.MaxBlockSize)]
    public int BlockSize { get; set; } = PlanktonStorageConstants.DefaultBlockSize;

    /// <summary>Gets or sets how block files are written.</summary>
    /// <value>The default value is <see cref="BlockWriteMode.Auto"/>.</value>
    public BlockWriteMode WriteMode { get; set; } = BlockWriteMode.Auto;

    /// <summary>Gets or sets how long a catalogue operation waits for a busy or locked database before failing; must not be negative.</summary>
    /// <value>The default value is <see cref="PlanktonStorageConstants.DefaultBusyTimeout"/> (30 seconds).</value>
    public TimeSpan BusyTimeout { get; set; } = PlanktonStorageConstants.DefaultBusyTimeout;

    /// <summary>Gets or sets the settings of the image backend (upload container, allowed formats and limits).</summary>
    /// <value>The default value is a new <see cref="PlanktonImageOptions"/> with its own defaults.</value>
    /// <remarks>
    /// Checked with <see cref="PlanktonImageOptions.Validate"/> when these options are validated.
    /// <see cref="PlanktonImageOptions"/> carries no DataAnnotations (it validates itself), so it is not marked
    /// <c>[ValidateObjectMembers]</c>: the options source generator rejects a member type with nothing to validate (SYSLIB1202).
    /// </remarks>
    [Required]
    public PlanktonImageOptions Images { get; set; } = new();
}
