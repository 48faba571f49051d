namespace Plankton.Core.Objects.Sqlite;

/// <summary>Settings of a <see cref="SqliteObjectStore"/>.</summary>
public sealed class SqliteObjectStoreOptions
{
    /// <summary>The default time to wait for the catalogue's write lock: 30 seconds (the provider's default).</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the path of the SQLite catalogue file; it is created (with its schema) when missing.</summary>
    /// <value>The default value is the empty string, which is not valid: a path must be given.</value>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>Gets or sets how long an operation waits for a busy or locked database before failing with <see cref="Exceptions.ObjectConflictException"/>.</summary>
    /// <value>The default value is <see cref="DefaultBusyTimeout"/>.</value>
    public TimeSpan BusyTimeout { get; set; } = DefaultBusyTimeout;

    /// <summary>The default lifetime of an upload's or collector's lease between renewals: 5 minutes.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long a lease stays valid without renewal. Holders renew every third of it. A lease whose
    /// process is known dead (same host) is released at once; the duration matters only for leases held from other
    /// hosts, which are released once expired (docs/reliability.md).
    /// </summary>
    /// <value>The default value is <see cref="DefaultLeaseDuration"/>.</value>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    /// <summary>
    /// Gets or sets how many rows one name-ordered listing page may read and reject before it ends early (a page may
    /// always read its limit plus one): a walk of the names (or of an equality filter's index, or of history) whose
    /// filters match little would otherwise read the whole container for one page. A page that reaches the limit returns the matches found so far, possibly none,
    /// with <see cref="ObjectListPage.NextMarker"/> set to continue after the last row read; follow markers until
    /// <see langword="null"/>. At least 1.
    /// </summary>
    /// <value>The default value is <see cref="ObjectStoreConstants.DefaultListScanLimit"/>.</value>
    public int ListScanLimit { get; set; } = ObjectStoreConstants.DefaultListScanLimit;
}
