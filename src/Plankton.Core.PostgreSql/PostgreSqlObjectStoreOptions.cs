using System.ComponentModel.DataAnnotations;
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
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets the PostgreSQL schema (namespace) holding the catalogue's tables: a lower-case identifier (letters,
    /// digits, <c>_</c>; at most 63 characters). Instances sharing one catalogue use the same schema; separate
    /// catalogues can share one database under different schemas. Created on first open.
    /// </summary>
    [Required]
    [RegularExpression(SchemaPattern)]
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

    internal const string SchemaPattern = "^[a-z_][a-z0-9_]{0,62}$";

    /// <summary>Throws when the options cannot open a store (the checks of the options validator, for direct callers).</summary>
    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ConnectionString, nameof(ConnectionString));
        if (!SchemaRegex().IsMatch(Schema ?? string.Empty))
        {
            throw new ArgumentException($"The schema '{Schema}' is not a lower-case identifier of letters, digits and '_' (at most 63 characters).", nameof(Schema));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(LockTimeout, TimeSpan.Zero, nameof(LockTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(LeaseDuration, TimeSpan.FromSeconds(1), nameof(LeaseDuration));
    }

    [GeneratedRegex(SchemaPattern, RegexOptions.CultureInvariant)]
    private static partial Regex SchemaRegex();
}
