using Plankton.Core.Hashing;

namespace Plankton.Cli;

/// <summary>
/// Computes the Pithos checksum (top hash) of bytes written in order, in pieces of any size: cut into blocks of the
/// store's block size, each hashed as it fills (one block held in memory).
/// </summary>
internal sealed class ChecksumAccumulator(int blockSize)
{
    private readonly byte[] _block = new byte[blockSize];
    private readonly List<BlockHash> _hashes = [];
    private int _filled;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int count = Math.Min(data.Length, _block.Length - _filled);
            data[..count].CopyTo(_block.AsSpan(_filled));
            _filled += count;
            data = data[count..];
            if (_filled == _block.Length)
            {
                _hashes.Add(PithosHash.HashBlock(_block));
                _filled = 0;
            }
        }
    }

    /// <summary>The top hash of everything appended (the last, short block included; empty data has one empty block).</summary>
    public BlockHash Finish()
    {
        if (_filled > 0 || _hashes.Count == 0)
        {
            _hashes.Add(PithosHash.HashBlock(_block.AsSpan(0, _filled)));
            _filled = 0;
        }

        return PithosHash.ComputeTopHash([.. _hashes]);
    }
}
