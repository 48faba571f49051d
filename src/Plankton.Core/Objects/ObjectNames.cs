using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects;

/// <summary>Validation of every name that reaches the catalogue: nothing invalid gets as far as SQL.</summary>
internal static class ObjectNames
{
    public static void ValidateUser(string? userId) =>
        ValidateSimple("user", userId, ObjectStoreConstants.MaxAccountLength, allowSlash: true);

    public static void ValidateAccount(string? account) =>
        ValidateSimple("account", account, ObjectStoreConstants.MaxAccountLength, allowSlash: false);

    public static void ValidateContainer(string? container) =>
        ValidateSimple("container", container, ObjectStoreConstants.MaxContainerLength, allowSlash: false);

    public static void ValidateDomain(string? domain) =>
        ValidateSimple("domain", domain, ObjectStoreConstants.MaxDomainLength, allowSlash: true);

    public static void ValidateContentType(string? contentType) =>
        ValidateSimple("content type", contentType, ObjectStoreConstants.MaxContentTypeLength, allowSlash: true);

    public static void ValidateGroup(string? group)
    {
        ValidateSimple("group", group, ObjectStoreConstants.MaxGroupLength, allowSlash: false);
        if (group.Contains(':', StringComparison.Ordinal))
        {
            throw new InvalidObjectNameException("group", group, "it contains ':'");
        }
    }

    /// <summary>A permission entry: <c>*</c>, <c>owner:group</c> (split at the last <c>:</c>) or a user id.</summary>
    public static void ValidatePermissionEntry(string? entry)
    {
        if (entry == ObjectPermissions.Everyone)
        {
            return;
        }

        ValidateSimple("permission entry", entry, ObjectStoreConstants.MaxAccountLength + 1 + ObjectStoreConstants.MaxGroupLength, allowSlash: true);
        int colon = entry.LastIndexOf(':');
        if (colon >= 0)
        {
            ValidateAccount(entry[..colon]);
            ValidateGroup(entry[(colon + 1)..]);
        }
        else
        {
            ValidateUser(entry);
        }
    }

    /// <summary>Refuses a delimiter that is a control character or a surrogate (listings and folder copies split names on it).</summary>
    /// <param name="delimiter">The delimiter.</param>
    /// <param name="paramName">The parameter it came in, for the exception.</param>
    public static void ValidateDelimiter(char delimiter, string paramName)
    {
        if (char.IsControl(delimiter) || char.IsSurrogate(delimiter))
        {
            throw new ArgumentException($"The delimiter U+{(int)delimiter:X4} is a control character or a surrogate.", paramName);
        }
    }

    public static void ValidateListText(string what, string? text)
    {
        if (text is not null && text.Length > 0)
        {
            ValidateSimple(what, text, ObjectStoreConstants.MaxObjectNameLength, allowSlash: true);
        }
    }

    public static void ValidateMetadata(IReadOnlyDictionary<string, string> metadata)
    {
        foreach (KeyValuePair<string, string> pair in metadata)
        {
            ValidateSimple("metadata key", pair.Key, ObjectStoreConstants.MaxMetadataKeyLength, allowSlash: true);
            if (pair.Value is null)
            {
                throw new InvalidObjectNameException("metadata value", pair.Key, "the value is null (use an empty value to delete a key)");
            }

            if (pair.Value.Length > ObjectStoreConstants.MaxMetadataValueLength)
            {
                throw new InvalidObjectNameException("metadata value", pair.Key, $"the value is longer than {ObjectStoreConstants.MaxMetadataValueLength} characters");
            }

            if (pair.Value.Any(char.IsControl))
            {
                throw new InvalidObjectNameException("metadata value", pair.Key, "the value contains a control character");
            }

            if (HasLoneSurrogate(pair.Value))
            {
                throw new InvalidObjectNameException("metadata value", pair.Key, "the value contains a lone UTF-16 surrogate (it cannot be stored as UTF-8)");
            }
        }
    }

    public static void ValidateObjectName(string? name)
    {
        ValidateSimple("object", name, ObjectStoreConstants.MaxObjectNameLength, allowSlash: true);
        foreach (Range range in name.AsSpan().Split('/'))
        {
            ReadOnlySpan<char> segment = name.AsSpan(range);
            if (segment.IsEmpty)
            {
                throw new InvalidObjectNameException("object", name, "it has an empty segment (a leading, trailing or doubled '/')");
            }

            if (segment is "." or "..")
            {
                throw new InvalidObjectNameException("object", name, "it has a '.' or '..' segment");
            }
        }
    }

    private static void ValidateSimple(string what, [System.Diagnostics.CodeAnalysis.NotNull] string? name, int maxLength, bool allowSlash)
    {
        if (name is null)
        {
            throw new InvalidObjectNameException(what, name, "it is null");
        }

        if (name.Length == 0)
        {
            throw new InvalidObjectNameException(what, name, "it is empty");
        }

        if (name.Length > maxLength)
        {
            throw new InvalidObjectNameException(what, name, $"it is longer than {maxLength} characters");
        }

        foreach (char c in name)
        {
            if (char.IsControl(c))
            {
                throw new InvalidObjectNameException(what, name, "it contains a control character");
            }

            if (c == '/' && !allowSlash)
            {
                throw new InvalidObjectNameException(what, name, "it contains '/'");
            }
        }

        if (HasLoneSurrogate(name))
        {
            throw new InvalidObjectNameException(what, name, "it contains a lone UTF-16 surrogate (it cannot be stored as UTF-8)");
        }
    }

    /// <summary>
    /// Tells whether <paramref name="text"/> holds a surrogate that is not part of a pair: such text has no UTF-8 form,
    /// so a catalogue would store U+FFFD instead and the name would not round-trip (nor match itself).
    /// </summary>
    /// <param name="text">The text to check.</param>
    /// <returns><see langword="true"/> when a lone surrogate is present.</returns>
    public static bool HasLoneSurrogate(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }
}
