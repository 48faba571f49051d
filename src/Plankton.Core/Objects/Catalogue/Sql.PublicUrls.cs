namespace Plankton.Core.Objects.Catalogue;

/// <summary>Statements of public URLs (schema version 5, spec §9.7) and of what an object's deletion clears.</summary>
internal static partial class Sql
{
    public const string SelectPublicToken = """
        SELECT p.token
        FROM public_urls p
        JOIN containers c ON c.container_id = p.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE a.name = @Account AND c.name = @Container AND p.path = @Name
        """;

    public const string InsertPublicUrl = """
        INSERT INTO public_urls (container_id, path, token) VALUES (@ContainerId, @Name, @Token)
        ON CONFLICT (container_id, path) DO NOTHING
        """;

    public const string SelectPublicTokenById = """
        SELECT token FROM public_urls WHERE container_id = @ContainerId AND path = @Name
        """;

    /// <summary>Removes the public URL of one path (disabling it, or the object's deletion or move).</summary>
    public const string DeletePublicUrl = """
        DELETE FROM public_urls WHERE container_id = @ContainerId AND path = @Name
        """;

    /// <summary>Removes the permission entries set on exactly one path (an object's deletion or move, spec §9.4).</summary>
    public const string DeletePathPermissions = """
        DELETE FROM permissions WHERE container_id = @ContainerId AND path = @Name
        """;

    public const string ResolvePublicToken = """
        SELECT a.name AS Account, c.name AS Container, p.path AS Name
        FROM public_urls p
        JOIN containers c ON c.container_id = p.container_id
        JOIN accounts a ON a.account_id = c.account_id
        WHERE p.token = @Token
        """;
}
