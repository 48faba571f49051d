using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects;

/// <summary>The kind of access an operation needs.</summary>
internal enum AccessKind
{
    Read,
    Write,
}

/// <summary>
/// The one place where access is decided. This slice knows only owners: a user may read and write in the account
/// named like their user id, and nowhere else. Permissions, groups and sharing (issue 3, step 2) extend this check.
/// </summary>
internal static class ObjectAccess
{
    /// <summary>Throws <see cref="NotAllowedException"/> unless <paramref name="userId"/> may access the account.</summary>
    /// <param name="userId">The acting user (already validated).</param>
    /// <param name="account">The account the operation is in.</param>
    /// <param name="path">The path shown in the error.</param>
    /// <param name="access">The access needed.</param>
    public static void Demand(string userId, string account, string path, AccessKind access)
    {
        _ = access; // owners may do both; step 2 (permissions) tells read from write here.
        if (!string.Equals(userId, account, StringComparison.Ordinal))
        {
            throw new NotAllowedException(userId, path);
        }
    }
}
