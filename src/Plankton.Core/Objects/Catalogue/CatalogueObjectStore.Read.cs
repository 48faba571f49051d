using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Reads: look-ups, version lists, metadata and data.</summary>
public abstract partial class CatalogueObjectStore
{
    /// <inheritdoc/>
    public async ValueTask<Stream> OpenReadAsync(
        string userId,
        ObjectPath path,
        long? version = null,
        long offset = 0,
        long? length = null,
        CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is long requested)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(requested, nameof(length));
        }

        VersionRow row = await RunAsync(
            path.ToString(),
            async (connection, ct) =>
            {
                await DemandAsync(connection, null, userId, path, AccessKind.Read, ct).ConfigureAwait(false);
                return await ResolveAsync(connection, null, path, version, withHashmap: true, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (offset > row.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"The offset is beyond the end of the {row.Size}-byte object.");
        }

        if (row.BlockSize != _blocks.BlockSize)
        {
            throw new StoreConfigurationException(
                $"Object '{path}' was cut into {row.BlockSize}-byte blocks, but the block store's block size is {_blocks.BlockSize}.");
        }

        long count = Math.Min(length ?? long.MaxValue, row.Size - offset);
        return new ObjectReadStream(_blocks, HashmapEncoding.Decode(row.Hashmap), _blocks.BlockSize, offset, count);
    }

    /// <inheritdoc/>
    public async ValueTask<ObjectInfo> GetInfoAsync(string userId, ObjectPath path, long? version = null, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        VersionRow row = await RunAsync(
            path.ToString(),
            async (connection, ct) =>
            {
                await DemandAsync(connection, null, userId, path, AccessKind.Read, ct).ConfigureAwait(false);
                return await ResolveAsync(connection, null, path, version, withHashmap: false, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return ToInfo(row);
    }

    /// <inheritdoc/>
    public async ValueTask<ObjectInfo> GetInfoByUuidAsync(string userId, Guid uuid, long? version = null, CancellationToken cancellationToken = default)
    {
        ObjectNames.ValidateUser(userId);
        string text = uuid.ToString("D");
        return await RunAsync(text, async (connection, ct) =>
        {
            VersionRow? row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
                version is null ? Sql.VersionLiveByUuid : Sql.VersionByUuidAndSerial,
                new { Uuid = text, Serial = version },
                cancellationToken: ct)).ConfigureAwait(false);
            if (row is null)
            {
                throw new ObjectNotFoundException(version is null ? ObjectNotFoundKind.Item : ObjectNotFoundKind.Version, text, version);
            }

            // The account is only known after the look-up.
            ObjectInfo info = ToInfo(row);
            await DemandAsync(connection, null, userId, info.Path, AccessKind.Read, ct).ConfigureAwait(false);
            return info;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<ObjectVersionInfo>> ListVersionsAsync(string userId, ObjectPath path, CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        IEnumerable<VersionListRow> rows = await RunAsync(path.ToString(), async (connection, ct) =>
        {
            await DemandAsync(connection, null, userId, path, AccessKind.Read, ct).ConfigureAwait(false);
            LocateRow located = await LocateObjectAsync(connection, null, path, mustBeLive: false, ct).ConfigureAwait(false);
            return await connection.QueryAsync<VersionListRow>(new CommandDefinition(
                Sql.ListVersions, new { located.ObjectId }, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(static r => new ObjectVersionInfo(r.Serial, r.Timestamp, r.ModifiedBy))];
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyDictionary<string, string>> GetMetadataAsync(
        string userId,
        ObjectPath path,
        string domain,
        long? version = null,
        CancellationToken cancellationToken = default)
    {
        ValidateUserAndPath(userId, path);
        ObjectNames.ValidateDomain(domain);
        IEnumerable<AttributeRow> rows = await RunAsync(path.ToString(), async (connection, ct) =>
        {
            await DemandAsync(connection, null, userId, path, AccessKind.Read, ct).ConfigureAwait(false);
            VersionRow row = await ResolveAsync(connection, null, path, version, withHashmap: false, ct).ConfigureAwait(false);
            return await connection.QueryAsync<AttributeRow>(new CommandDefinition(
                Sql.SelectAttributes, new { row.Serial, Domain = domain }, cancellationToken: ct)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (AttributeRow attribute in rows)
        {
            metadata[attribute.Key] = attribute.Value;
        }

        return metadata;
    }

    /// <summary>Finds the live version at a path, or a version of that path's object; deletion markers are never returned.</summary>
    private static async Task<VersionRow> ResolveAsync(
        DbConnection connection,
        DbTransaction? transaction,
        ObjectPath path,
        long? version,
        bool withHashmap,
        CancellationToken cancellationToken)
    {
        string sql = (version is null, withHashmap) switch
        {
            (true, true) => Sql.ReadLatestByPath,
            (true, false) => Sql.VersionLatestByPath,
            (false, true) => Sql.ReadBySerialAtPath,
            (false, false) => Sql.VersionBySerialAtPath,
        };
        VersionRow? row = await connection.QuerySingleOrDefaultAsync<VersionRow>(new CommandDefinition(
            sql,
            new { path.Account, path.Container, path.Name, Serial = version },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (row is not null && row.Cluster != Sql.ClusterDeleted)
        {
            return row;
        }

        // Say which level is missing (a second query, on the failure path only).
        _ = await LocateObjectAsync(connection, transaction, path, mustBeLive: version is null, cancellationToken).ConfigureAwait(false);
        throw version is null
            ? new ObjectNotFoundException(ObjectNotFoundKind.Item, path.ToString())
            : new ObjectNotFoundException(ObjectNotFoundKind.Version, path.ToString(), version);
    }
}
