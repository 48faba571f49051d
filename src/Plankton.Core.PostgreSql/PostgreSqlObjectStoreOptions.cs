using System.Text.RegularExpressions;

namespace Plankton.Core.PostgreSql;

/// <summary>Settings of a <see cref="PostgreSqlObjectStore"/>.</summary>
public sealed partial class PostgreSqlObjectStoreOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "plankton";

    /// <summary>The default <see cref="LockTimeout"/>.</summary>
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default <see cref="LeaseDuration"/>.</summary>
    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the Npgsql connection string (host, port, database, credentials, pool sizes). The store builds one
    /// pooled <c>NpgsqlDataSource</c> from it; <c>Search Path</c> is set from <see cref="Schema"/>.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the PostgreSQL schema (namespace) holding the catalogue's tables: a lower-case identifier (letters,
    /// digits, <c>_</c>; at most 63 characters). Instances sharing one catalogue use the same schema; separate
    /// catalogues can share one database under different schemas. Created on first open.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Gets or sets how long a write waits for the catalogue's writer lock (held by another instance's transaction)
    /// before it fails with an <see cref="Exceptions.ObjectConflictException"/>. Zero waits for ever.
    /// </summary>
    public TimeSpan LockTimeout { get; set; } = DefaultLockTimeout;

    /// <summary>
    /// Gets or sets how long an upload or collector lease lasts without renewal (renewed at a third of it). Another
    /// host takes a lease whose holder it cannot check as dead once it has expired; at least one second.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;

    /// <summary>
    /// Gets or sets how many rows one name-ordered listing page may read and reject before it ends early (a page may
    /// always read its limit plus one): a walk of the names (or of an equality filter's index, or of history) whose
    /// filters match little would otherwise read the whole container for one page. A page that reaches the limit returns the matches found so far, possibly none,
    /// with <see cref="Core.Objects.ObjectListPage.NextMarker"/> set to continue after the last row read; follow markers until
    /// <see langword="null"/>. At least 1.
    /// </summary>
    /// <value>The default value is <see cref="Core.Objects.ObjectStoreConstants.DefaultListScanLimit"/>.</value>
    public int ListScanLimit { get; set; } = Core.Objects.ObjectStoreConstants.DefaultListScanLimit;

    internal const string SchemaPattern = "^[a-z_][a-z0-9_]{0,62}$";

    /// <summary>Throws when the options cannot open a store, naming every problem (what <see cref="PostgreSqlObjectStore.OpenAsync"/> and the options validator check).</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message lists each problem.</exception>
    public void Validate()
    {
        List<(string Property, string Problem)> problems = [.. FindProblems()];
        if (problems.Count > 0)
        {
            throw new ArgumentException(
                string.Join(" ", problems.Select(static p => $"PostgreSqlObjectStoreOptions.{p.Property} {p.Problem}")), problems[0].Property);
        }
    }

    /// <summary>Lists what is wrong with these options (nothing when they can open a store).</summary>
    /// <returns>The property and the problem, one pair per problem.</returns>
    internal IEnumerable<(string Property, string Problem)> FindProblems()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return (nameof(ConnectionString), "is empty.");
        }
        else if (ParseProblem(ConnectionString) is string problem)
        {
            yield return (nameof(ConnectionString), problem);
        }

        if (!SchemaRegex().IsMatch(Schema ?? string.Empty))
        {
            yield return (nameof(Schema), $"'{Schema}' is not a lower-case identifier of letters, digits and '_' starting with a letter or '_' (at most 63 characters).");
        }

        if (LockTimeout < TimeSpan.Zero)
        {
            yield return (nameof(LockTimeout), "is negative.");
        }

        if (LeaseDuration < TimeSpan.FromSeconds(1))
        {
            yield return (nameof(LeaseDuration), "is under one second.");
        }

        if (ListScanLimit < 1)
        {
            yield return (nameof(ListScanLimit), $"is {ListScanLimit}; a page must be allowed to read at least one row.");
        }
    }

    private static string? ParseProblem(string connectionString)
    {
        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException ex)
        {
            return $"is not an Npgsql connection string: {ex.Message}";
        }
    }

    [GeneratedRegex(SchemaPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SchemaRegex();
}
