using Plankton.Core.Hashing;

namespace Plankton.Core.Options;

/// <summary>Defaults and fixed names of the embedded storage stack configured by <see cref="PlanktonStorageOptions"/>.</summary>
public static class PlanktonStorageConstants
{
    /// <summary>The name of the folder, under <see cref="PlanktonStorageOptions.RootPath"/>, that holds the block files: <c>blocks</c>.</summary>
    public const string BlocksFolderName = "blocks";

    /// <summary>The name of the SQLite catalogue file, under <see cref="PlanktonStorageOptions.RootPath"/>: <c>catalogue.db</c>.</summary>
    public const string CatalogueFileName = "catalogue.db";

    /// <summary>The default block size: 4 MiB (<see cref="HashingConstants.DefaultBlockSize"/>).</summary>
    public const int DefaultBlockSize = HashingConstants.DefaultBlockSize;

    /// <summary>The default time to wait for the catalogue's write lock: 30 seconds.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);
}
