namespace Plankton.Core.Objects.Catalogue;

/// <summary>Statements of the account and container lifecycle: deletion, policy changes, usage read-back and group limits.</summary>
internal static partial class Sql
{
    /// <summary>Any object row in the container: live, deleted with history, or history only.</summary>
    public const string ContainerHasObjects = """
        SELECT 1 FROM objects WHERE container_id = @ContainerId LIMIT 1
        """;

    /// <summary>Removes the container; its permission entries go by cascade, its listing counters here (no key).</summary>
    public const string DeleteContainer = """
        DELETE FROM containers WHERE container_id = @ContainerId
        """;

    public const string DeleteListingCounts = """
        DELETE FROM listing_counts WHERE container_id = @ContainerId
        """;

    public const string AccountHasContainers = """
        SELECT 1 FROM containers WHERE account_id = @AccountId LIMIT 1
        """;

    /// <summary>Removes the account; its groups go by cascade.</summary>
    public const string DeleteAccount = """
        DELETE FROM accounts WHERE account_id = @AccountId
        """;

    public const string SetContainerVersioning = """
        UPDATE containers SET versioning = @Versioning WHERE container_id = @ContainerId
        """;

    public const string SelectAccountUsage = """
        SELECT usage AS Bytes, quota AS Quota FROM accounts WHERE name = @Account
        """;

    public const string SelectContainerUsage = """
        SELECT c.usage AS Bytes, c.quota AS Quota
        FROM containers c JOIN accounts a ON a.account_id = c.account_id
        WHERE a.name = @Account AND c.name = @Container
        """;

    /// <summary>How many groups the account has besides one (the group limit, spec §9.8).</summary>
    public const string CountOtherGroups = """
        SELECT COUNT(DISTINCT name) FROM account_groups WHERE account_id = @AccountId AND name <> @Group
        """;
}
