namespace Plankton.Core.Objects;

/// <summary>
/// The read and write lists of a path (the Pithos permissions model): each entry is a user id, <see cref="Everyone"/>
/// or a group reference <c>owner:group</c>. Write implies read.
/// </summary>
/// <remarks>Immutable and thread-safe. Entries are kept distinct and sorted ordinally.</remarks>
public sealed class ObjectPermissions
{
    /// <summary>The entry that grants access to every user.</summary>
    public const string Everyone = "*";

    /// <summary>Initializes a new instance of the <see cref="ObjectPermissions"/> class.</summary>
    /// <param name="read">The entries allowed to read; <see langword="null"/> for none.</param>
    /// <param name="write">The entries allowed to write (and so to read); <see langword="null"/> for none.</param>
    /// <exception cref="Exceptions.InvalidObjectNameException">An entry is not a valid user id, <c>*</c> or <c>owner:group</c>.</exception>
    public ObjectPermissions(IEnumerable<string>? read, IEnumerable<string>? write)
    {
        Read = Normalize(read);
        Write = Normalize(write);
    }

    /// <summary>Gets permissions with no entry at all (setting them removes a path's permissions).</summary>
    public static ObjectPermissions None { get; } = new(null, null);

    /// <summary>Gets the entries allowed to read.</summary>
    public IReadOnlyList<string> Read { get; }

    /// <summary>Gets the entries allowed to write; they may read too.</summary>
    public IReadOnlyList<string> Write { get; }

    /// <summary>Gets a value indicating whether both lists are empty.</summary>
    public bool IsEmpty => Read.Count == 0 && Write.Count == 0;

    private static string[] Normalize(IEnumerable<string>? entries)
    {
        if (entries is null)
        {
            return [];
        }

        string[] distinct = [.. entries.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        foreach (string entry in distinct)
        {
            ObjectNames.ValidatePermissionEntry(entry);
        }

        return distinct;
    }
}
