using Plankton.Core.Blocks;
using Plankton.Core.Hashing;

namespace Plankton.Core.Ingestion;

/// <summary>Collects the pipeline's per-block results in block order.</summary>
internal sealed class IngestTally
{
    private BlockHash[] _hashes;
    private int _count;
    private long _size;
    private int _newBlocks;
    private long _newBytes;
    private int _dedupBlocks;
    private long _dedupBytes;

    public IngestTally(long expectedBlocks)
    {
        _hashes = new BlockHash[(int)Math.Clamp(expectedBlocks, 1, 1 << 20)];
    }

    public void Add(PipelineSlot slot, IProgress<long>? progress)
    {
        if (_count == _hashes.Length)
        {
            Array.Resize(ref _hashes, _hashes.Length * 2);
        }

        _hashes[_count++] = slot.Hash;
        _size += slot.Length;
        if (slot.Outcome == BlockPutOutcome.AlreadyPresent)
        {
            _dedupBlocks++;
            _dedupBytes += slot.Length;
        }
        else
        {
            _newBlocks++;
            _newBytes += slot.Length;
        }

        progress?.Report(_size);
    }

    public IngestResult ToResult(int blockSize)
    {
        BlockHash[] hashes = _count == 0 ? [BlockHash.Empty]
            : _count == _hashes.Length ? _hashes
            : _hashes.AsSpan(0, _count).ToArray();
        var hashmap = new Hashmap(hashes, _size, blockSize, validate: false);
        return new IngestResult(hashmap, _newBlocks, _newBytes, _dedupBlocks, _dedupBytes);
    }
}
