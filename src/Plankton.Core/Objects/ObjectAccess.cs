using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects;

/// <summary>The kind of access an operation needs.</summary>
internal enum AccessKind
{
    Read = 0,
    Write = 1,
}

/// <summary>
/// The one place where access is decided (the Pithos model, spec §9.6). The account's owner (the user whose id equals
/// the account name) may do everything. Anyone else needs an entry in the permissions in force on the path — its
/// own, or else those of its nearest folder with permissions — naming the user, <c>*</c>, or an <c>owner:group</c>
/// the user is a member of: read access is granted by a read or a write entry, write access by a write entry only.
/// </summary>
internal static class ObjectAccess
{
    public static bool IsOwner(string userId, string account) => string.Equals(userId, account, StringComparison.Ordinal);

    /// <summary>Throws <see cref="NotAllowedException"/> unless the user owns the account (account-level and permission operations).</summary>
    public static void DemandOwner(string userId, string account, string path)
    {
        if (!IsOwner(userId, account))
        {
            throw new NotAllowedException(userId, path);
        }
    }

    /// <summary>Whether a non-owner has an access, given the entries in force and the user's groups as <c>owner:group</c>.</summary>
    /// <param name="userId">The acting user.</param>
    /// <param name="entries">The permission entries in force on the path (all from one source path).</param>
    /// <param name="userGroups">The groups the user is a member of, as <c>owner:group</c>; may be empty when no entry names a group.</param>
    /// <param name="access">The access needed.</param>
    public static bool Allows(string userId, IEnumerable<(AccessKind Access, string Member)> entries, IReadOnlySet<string> userGroups, AccessKind access)
    {
        foreach ((AccessKind granted, string member) in entries)
        {
            if (access == AccessKind.Write && granted != AccessKind.Write)
            {
                continue;
            }

            if (member == ObjectPermissions.Everyone || string.Equals(member, userId, StringComparison.Ordinal))
            {
                return true;
            }

            if (userGroups.Contains(member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Throws <see cref="NotAllowedException"/> unless <see cref="Allows"/>.</summary>
    public static void Demand(string userId, string path, IEnumerable<(AccessKind Access, string Member)> entries, IReadOnlySet<string> userGroups, AccessKind access)
    {
        if (!Allows(userId, entries, userGroups, access))
        {
            throw new NotAllowedException(userId, path);
        }
    }
}
