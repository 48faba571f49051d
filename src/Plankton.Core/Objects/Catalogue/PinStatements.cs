using System.Data;
using System.Data.Common;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// The pin transaction of one lease, on the lease's own connection: its three statements are compiled once and
/// reused for every block (house style §14.5: Dapper would compile them again for each block of each upload).
/// </summary>
/// <remarks>Not thread-safe: the lease's <see cref="PinGroupCommit"/> runs one transaction at a time.</remarks>
internal sealed class PinStatements : IDisposable
{
    private readonly ICatalogueDialect _dialect;
    private readonly DbConnection _connection;
    private readonly DbCommand _selectState;
    private readonly DbCommand _insertBlock;
    private readonly DbCommand _insertPin;

    public PinStatements(ICatalogueDialect dialect, DbConnection connection, long leaseId)
    {
        _dialect = dialect;
        _connection = connection;
        _selectState = Create(Sql.SelectBlockForPin);
        _insertBlock = Create(Sql.InsertBlock);
        _insertPin = Create(Sql.InsertPin);
        DbParameter lease = _insertPin.CreateParameter();
        lease.ParameterName = "LeaseId";
        lease.DbType = DbType.Int64;
        lease.Value = leaseId;
        _insertPin.Parameters.Add(lease);
    }

    /// <summary>
    /// In one transaction, for each block: reads its state; unless a collector is deleting it, inserts its row when
    /// missing (<c>refs = 0</c>) and the lease's pin, and notes whether a committed version references it (then it is
    /// stored, and stays so while pinned: the upload need not ask the block store).
    /// </summary>
    /// <param name="hashes">Distinct, non-empty blocks.</param>
    /// <param name="pinned">Receives the blocks pinned, once the transaction has committed.</param>
    /// <param name="stored">Receives the pinned blocks the catalogue knows to be stored, once the transaction has committed.</param>
    /// <param name="cancellationToken">Cancels between blocks (the transaction then rolls back).</param>
    /// <returns>The blocks a collector is deleting, not pinned.</returns>
    /// <exception cref="CatalogueUnavailableException">The lease's connection is no longer open (an earlier transaction lost it).</exception>
    public List<BlockHash> Pin(List<BlockHash> hashes, List<BlockHash> pinned, List<BlockHash> stored, CancellationToken cancellationToken)
    {
        if (_connection.State != ConnectionState.Open)
        {
            // An earlier pin transaction lost the connection (the server went away, CI saw it with PostgreSQL): the
            // provider would throw a bare InvalidOperationException ("Connection is not open") for every later group.
            throw new CatalogueUnavailableException(
                $"The catalogue connection of this upload's block lease is {_connection.State}: an earlier pin transaction lost it, so the upload cannot pin its blocks.");
        }

        var deleting = new List<BlockHash>();
        var done = new List<BlockHash>(hashes.Count);
        var known = new List<BlockHash>();
        using DbTransaction transaction = _dialect.BeginWrite(_connection);
        _selectState.Transaction = transaction;
        _insertBlock.Transaction = transaction;
        _insertPin.Transaction = transaction;
        foreach (BlockHash hash in hashes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] key = hash.ToArray();
            _selectState.Parameters[0].Value = key;
            object? state = _selectState.ExecuteScalar();
            long seen = state is null or DBNull ? 0 : Convert.ToInt64(state, System.Globalization.CultureInfo.InvariantCulture);
            if (seen == Sql.PinSeesDeleting)
            {
                deleting.Add(hash);
                continue;
            }

            if (seen == Sql.PinSeesStored)
            {
                known.Add(hash);
            }

            _insertBlock.Parameters[0].Value = key;
            _insertBlock.ExecuteNonQuery();
            _insertPin.Parameters[0].Value = key;
            _insertPin.ExecuteNonQuery();
            done.Add(hash);
        }

        transaction.Commit();
        pinned.AddRange(done);
        stored.AddRange(known);
        return deleting;
    }

    public void Dispose()
    {
        _selectState.Dispose();
        _insertBlock.Dispose();
        _insertPin.Dispose();
    }

    private DbCommand Create(string sql)
    {
        DbCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        DbParameter hash = command.CreateParameter();
        hash.ParameterName = "Hash";
        hash.DbType = DbType.Binary;
        command.Parameters.Add(hash); // always parameter 0
        return command;
    }
}
