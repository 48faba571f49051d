using System.Data;
using System.Data.Common;
using Dapper;
using Plankton.Core.Exceptions;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>Copy and move of a "folder": an object and everything under its name and a delimiter (spec §9.10).</summary>
public abstract partial class CatalogueObjectStore
{
    /// <inheritdoc/>
    public ValueTask<long> CopyTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter = '/', CancellationToken cancellationToken = default) =>
        TransferTreeAsync(userId, source, destination, delimiter, move: false, cancellationToken);

    /// <inheritdoc/>
    public ValueTask<long> MoveTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter = '/', CancellationToken cancellationToken = default) =>
        TransferTreeAsync(userId, source, destination, delimiter, move: true, cancellationToken);

    /// <summary>
    /// One transaction: the live object at the source (when there is one) and every live object whose name starts
    /// with the source's name and the delimiter, each copied or moved as <see cref="CopyAsync"/> and
    /// <see cref="MoveAsync"/> do, to the same name under the destination. Quotas are checked once, at the end.
    /// </summary>
    private ValueTask<long> TransferTreeAsync(string userId, ObjectPath source, ObjectPath destination, char delimiter, bool move, CancellationToken cancellationToken)
    {
        ValidateUserAndPath(userId, source);
        ArgumentNullException.ThrowIfNull(destination);
        RefuseSamePath(source, destination);
        ObjectNames.ValidateDelimiter(delimiter, nameof(delimiter));

        string prefix = source.Name + delimiter;
        if (destination.Account == source.Account && destination.Container == source.Container
            && (destination.Name + delimiter).StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The destination '{destination}' is inside the tree of '{source}'.", nameof(destination));
        }

        return RunAsync(destination.ToString(), async (connection, ct) =>
        {
            using DbTransaction transaction = await _dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            LocateRow origin = await LocateContainerAsync(connection, transaction, source, ct).ConfigureAwait(false);
            var names = new List<string>();
            if (origin.ObjectId is not null && origin.LatestCluster == Sql.ClusterNormal)
            {
                names.Add(source.Name);
            }

            var range = new DynamicParameters();
            range.Add("ContainerId", origin.ContainerId);
            range.Add("From", prefix, DbType.String);
            range.Add("Until", UpperBound(prefix), DbType.String);
            names.AddRange(await connection.QueryAsync<string>(new CommandDefinition(Sql.SelectLiveNamesInRange, range, transaction, cancellationToken: ct)).ConfigureAwait(false));
            if (names.Count == 0)
            {
                throw new ObjectNotFoundException(ObjectNotFoundKind.Item, source.ToString());
            }

            var grown = new HashSet<long>();
            var options = new ObjectCopyOptions();
            foreach (string name in names)
            {
                var from = new ObjectPath(source.Account, source.Container, name);
                var to = new ObjectPath(destination.Account, destination.Container, destination.Name + name[source.Name.Length..]);
                (_, long delta, long containerId) = await TransferOneAsync(connection, transaction, userId, from, to, options, move, ct).ConfigureAwait(false);
                if (delta > 0)
                {
                    grown.Add(containerId);
                }
            }

            foreach (long containerId in grown)
            {
                await CheckQuotaAsync(connection, transaction, containerId, ct).ConfigureAwait(false);
            }

            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            return (long)names.Count;
        }, cancellationToken);
    }
}
