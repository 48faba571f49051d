using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Public URLs (spec §9.7): a random token per object path that lets anyone read the path's latest version, apart
/// from the <c>*</c> read entry (which is Plankton's notion of a public image).
/// </summary>
public abstract partial class CatalogueObjectStore
{
    /// <summary>The token alphabet (Pithos's base-62: digits, then lower- and upper-case letters).</summary>
    private const string TokenAlphabet = "0123456789abcdefghijklmnopqrstuvwxyz" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>Token length: 22 base-62 characters carry 130 random bits, so tokens cannot be guessed or collide.</summary>
    private const int TokenLength = 22;

    /// <inheritdoc/>
    public ValueTask<string?> SetPublicUrlAsync(string userId, ObjectPath path, bool enabled, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        return RunAsync(path.ToString(), async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            await DemandAsync(connection, transaction, userId, path, AccessKind.Write, ct).ConfigureAwait(false);
            LocateRow located = await LocateObjectAsync(connection, transaction, path, mustBeLive: true, ct).ConfigureAwait(false);
            var row = new { located.ContainerId, path.Name, Token = NewToken() };
            string? token = null;
            if (enabled)
            {
                // An existing token stays: enabling twice gives the same URL.
                await connection.ExecuteAsync(new CommandDefinition(Sql.InsertPublicUrl, row, transaction, cancellationToken: ct)).ConfigureAwait(false);
                token = await connection.ExecuteScalarAsync<string>(new CommandDefinition(Sql.SelectPublicTokenById, row, transaction, cancellationToken: ct)).ConfigureAwait(false);
            }
            else
            {
                await connection.ExecuteAsync(new CommandDefinition(Sql.DeletePublicUrl, row, transaction, cancellationToken: ct)).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return token;
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public ValueTask<string?> GetPublicUrlAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        return RunAsync(path.ToString(), async (connection, ct) =>
        {
            await DemandAsync(connection, null, userId, path, AccessKind.Read, ct).ConfigureAwait(false);
            LocateRow located = await LocateObjectAsync(connection, null, path, mustBeLive: true, ct).ConfigureAwait(false);
            return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                Sql.SelectPublicTokenById, new { located.ContainerId, path.Name }, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask<ObjectInfo> GetInfoByPublicUrlAsync(string token, CancellationToken cancellationToken = default)
    {
        ObjectPath path = await ResolvePublicUrlAsync(token, cancellationToken).ConfigureAwait(false);
        return await GetInfoAsync(path.Account, path, version: null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadByPublicUrlAsync(string token, long offset = 0, long? length = null, CancellationToken cancellationToken = default)
    {
        ObjectPath path = await ResolvePublicUrlAsync(token, cancellationToken).ConfigureAwait(false);
        return await OpenReadAsync(path.Account, path, version: null, offset, length, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The path a token names (read as its owner: the token is the grant); unknown or malformed tokens are "not found".</summary>
    private async ValueTask<ObjectPath> ResolvePublicUrlAsync(string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length != TokenLength || token.Any(static c => !TokenAlphabet.Contains(c, StringComparison.Ordinal)))
        {
            throw new ObjectNotFoundException(ObjectNotFoundKind.Item, "public URL");
        }

        PathRow? row = await RunAsync("public URL", async (connection, ct) =>
            await connection.QuerySingleOrDefaultAsync<PathRow>(new CommandDefinition(
                Sql.ResolvePublicToken, new { Token = token }, cancellationToken: ct)).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return row is null
            ? throw new ObjectNotFoundException(ObjectNotFoundKind.Item, "public URL")
            : new ObjectPath(row.Account, row.Container, row.Name);
    }

    /// <summary>Whether a path has a public URL (which grants anyone read access, whatever the permission entries).</summary>
    private static async Task<bool> HasPublicUrlAsync(DbConnection connection, DbTransaction? transaction, ObjectPath path, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            Sql.SelectPublicToken, new { path.Account, path.Container, path.Name }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) is not null;

    /// <summary>
    /// Clears what was granted on exactly one path, when the object there is deleted or moved away (spec §9.4): its
    /// permission entries and its public URL. An object made later at the path starts with neither.
    /// </summary>
    private static async Task ClearPathGrantsAsync(DbConnection connection, DbTransaction transaction, long containerId, string name, CancellationToken cancellationToken)
    {
        var row = new { ContainerId = containerId, Name = name };
        await connection.ExecuteAsync(new CommandDefinition(Sql.DeletePathPermissions, row, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(Sql.DeletePublicUrl, row, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static string NewToken()
    {
        Span<char> token = stackalloc char[TokenLength];
        for (int i = 0; i < token.Length; i++)
        {
            token[i] = TokenAlphabet[RandomNumberGenerator.GetInt32(TokenAlphabet.Length)];
        }

        return new string(token);
    }

    /// <summary>A path's three parts.</summary>
    private sealed class PathRow
    {
        public string Account { get; set; } = string.Empty;

        public string Container { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;
    }
}
