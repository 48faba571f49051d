using Microsoft.Data.Sqlite;
using Plankton.Core.Hashing;

namespace Plankton.Core.Objects.Sqlite;

/// <summary>
/// The pin transaction of one lease, on the lease's own connection: its three statements are compiled once and
/// reused for every block (house style §14.5: Dapper would compile them again for each block of each upload).
/// </summary>
/// <remarks>Not thread-safe: the lease's <see cref="PinGroupCommit"/> runs one transaction at a time.</remarks>
internal sealed class PinStatements : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _selectState;
    private readonly SqliteCommand _insertBlock;
    private readonly SqliteCommand _insertPin;

    public PinStatements(SqliteConnection connection, long leaseId)
    {
        _connection = connection;
        _selectState = Create(Sql.SelectBlockState);
        _insertBlock = Create(Sql.InsertBlock);
        _insertPin = Create(Sql.InsertPin);
        _insertPin.Parameters.AddWithValue("@LeaseId", leaseId);
    }

    /// <summary>
    /// In one transaction, for each block: reads its state; unless a collector is deleting it, inserts its row when
    /// missing (<c>refs = 0</c>) and the lease's pin.
    /// </summary>
    /// <param name="hashes">Distinct, non-empty blocks.</param>
    /// <param name="pinned">Receives the blocks pinned, once the transaction has committed.</param>
    /// <param name="cancellationToken">Cancels between blocks (the transaction then rolls back).</param>
    /// <returns>The blocks a collector is deleting, not pinned.</returns>
    public List<BlockHash> Pin(List<BlockHash> hashes, List<BlockHash> pinned, CancellationToken cancellationToken)
    {
        var deleting = new List<BlockHash>();
        var done = new List<BlockHash>(hashes.Count);
        using SqliteTransaction transaction = _connection.BeginTransaction();
        _selectState.Transaction = transaction;
        _insertBlock.Transaction = transaction;
        _insertPin.Transaction = transaction;
        foreach (BlockHash hash in hashes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] key = hash.ToArray();
            _selectState.Parameters[0].Value = key;
            if (_selectState.ExecuteScalar() is long state && state == Sql.BlockDeleting)
            {
                deleting.Add(hash);
                continue;
            }

            _insertBlock.Parameters[0].Value = key;
            _insertBlock.ExecuteNonQuery();
            _insertPin.Parameters[0].Value = key;
            _insertPin.ExecuteNonQuery();
            done.Add(hash);
        }

        transaction.Commit();
        pinned.AddRange(done);
        return deleting;
    }

    public void Dispose()
    {
        _selectState.Dispose();
        _insertBlock.Dispose();
        _insertPin.Dispose();
    }

    private SqliteCommand Create(string sql)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add("@Hash", SqliteType.Blob); // always parameter 0
        return command;
    }
}
