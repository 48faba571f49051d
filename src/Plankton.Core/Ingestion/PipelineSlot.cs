using System.Threading.Tasks.Sources;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;

namespace Plankton.Core.Ingestion;

/// <summary>
/// One block buffer of the ingestion pipeline and the result of processing it. The reader fills it, a worker
/// hashes (and stores) it, and the reader awaits it without allocating: the slot is its own reusable
/// <see cref="IValueTaskSource"/>.
/// </summary>
internal sealed class PipelineSlot : IValueTaskSource, IDisposable
{
    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };

    public PipelineSlot(int blockSize)
    {
        Buffer = AlignedBufferPool.Rent(blockSize);
    }

    public AlignedBuffer Buffer { get; }

    /// <summary>Gets the block: a prefix of <see cref="Buffer"/>, or a slice of an in-memory source.</summary>
    public ReadOnlyMemory<byte> Block { get; private set; }

    /// <summary>Gets the block length.</summary>
    public int Length => Block.Length;

    /// <summary>Gets or sets a value indicating whether a worker owns the slot.</summary>
    public bool InFlight { get; set; }

    /// <summary>Gets or sets a value indicating whether the worker has hashed the block (it may wait in a
    /// <see cref="ReservationStage"/> before its put).</summary>
    public bool Hashed { get; set; }

    /// <summary>Gets or sets the block's length without its trailing zero bytes (what is hashed and stored), set by the worker.</summary>
    public int ContentLength { get; set; }

    /// <summary>Gets or sets the block's hash, set by the worker.</summary>
    public BlockHash Hash { get; set; }

    /// <summary>Gets the unfinished digest of the block's stored form, kept by the worker when the batch wants it.</summary>
    public StoredFormDigest? FileDigest { get; private set; }

    /// <summary>Replaces <see cref="FileDigest"/>, disposing the previous block's.</summary>
    public void KeepDigest(StoredFormDigest? digest)
    {
        FileDigest?.Dispose();
        FileDigest = digest;
    }

    /// <summary>Gets or sets what the store did with the block, set by the worker.</summary>
    public BlockPutOutcome Outcome { get; set; }

    public void Start(ReadOnlyMemory<byte> block)
    {
        _completion.Reset();
        Block = block;
        Hashed = false;
        InFlight = true;
    }

    public void Complete() => _completion.SetResult(true);

    public void Fail(Exception error) => _completion.SetException(error);

    /// <summary>Waits for the worker; must be called exactly once per <see cref="Start"/>.</summary>
    public ValueTask WaitAsync() => new(this, _completion.Version);

    public void GetResult(short token)
    {
        InFlight = false;
        _completion.GetResult(token);
    }

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    public void Dispose()
    {
        KeepDigest(null);
        AlignedBufferPool.Return(Buffer);
    }
}
