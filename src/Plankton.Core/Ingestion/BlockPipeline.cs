using System.Collections.Concurrent;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;

namespace Plankton.Core.Ingestion;

/// <summary>
/// The hot path: cuts a stream into blocks, hashes them on several cores and (optionally) puts each into a block
/// store, keeping at most a fixed number of block buffers whatever the input length.
/// </summary>
/// <remarks>
/// One reader (the caller's async flow) fills a ring of <see cref="PipelineSlot"/>s in order; dedicated worker
/// threads take filled slots, hash them and put them; the reader reuses the oldest slot once its worker is done, so
/// results arrive in block order. Workers are threads rather than pool tasks because block-store puts block on
/// disk flushes: blocking pool threads would starve the pool on small machines. Blocks go through one
/// <see cref="IBlockWriteBatch"/>, committed before the result is returned, so the store can make a group of blocks
/// durable with one disk commit. A batch that reserves blocks before their puts (<see cref="IReservingBlockWriteBatch"/>,
/// the catalogue's pins) gets a <see cref="ReservationStage"/> between hashing and putting: hashed blocks wait there
/// while other blocks are hashed and put, and are reserved together, so a 1 GiB upload makes about a hundred
/// reservations instead of one per block. A batch that signs its uploads with the SHA-256 of each block's stored form
/// (<see cref="IFileDigestBlockWriteBatch"/>, the S3 store) gets the SHA-256 state after the content with each block
/// (<see cref="StoredFormDigest"/>) and finishes it over the trailer when it uploads the block.
/// </remarks>
internal sealed class BlockPipeline : IDisposable
{
    private readonly IBlockWriteBatch? _batch;
    private readonly IReservingBlockWriteBatch? _reserving;
    private readonly ReservationStage? _stage;
    private readonly bool _wantsDigest;
    private readonly int _blockSize;
    private readonly PipelineSlot[] _slots;
    private readonly BlockingCollection<PipelineSlot> _work;
    private readonly CancellationTokenSource _abort;

    private BlockPipeline(IBlockStore? store, int blockSize, int slotCount, CancellationToken cancellationToken)
    {
        _batch = store?.BeginBatch();
        _reserving = _batch as IReservingBlockWriteBatch;
        _stage = _reserving is null ? null : new ReservationStage();
        _wantsDigest = _batch is IFileDigestBlockWriteBatch { WantsFileDigest: true };
        _blockSize = blockSize;
        _slots = new PipelineSlot[slotCount];
        _work = new BlockingCollection<PipelineSlot>(new ConcurrentQueue<PipelineSlot>(), slotCount);
        _abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Runs the pipeline over <paramref name="source"/> to its end.</summary>
    public static async ValueTask<IngestResult> RunAsync(
        Stream source,
        IBlockStore? store,
        int blockSize,
        IngestOptions settings,
        IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        int workers = settings.WorkerCount(store is not null);
        int slots = settings.SlotCount(blockSize, workers);
        workers = Math.Min(workers, slots);
        using var pipeline = new BlockPipeline(store, blockSize, slots, cancellationToken);
        return await pipeline.RunAsync(source, workers, progress, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<IngestResult> RunAsync(Stream source, int workerCount, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var threads = new Thread[workerCount];
        var tally = new IngestTally(source.CanSeek ? Hashmap.ExpectedBlockCount(Math.Max(0, source.Length - source.Position), _blockSize) : 16);
        try
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                _slots[i] = new PipelineSlot(_blockSize);
            }

            var input = new BlockSource(source, _blockSize);
            long next = 0;
            while (true)
            {
                PipelineSlot slot = _slots[next % _slots.Length];
                if (slot.InFlight)
                {
                    await slot.WaitAsync().ConfigureAwait(false);
                    tally.Add(slot, progress);
                }

                ReadOnlyMemory<byte> block = await input.NextAsync(slot.Buffer.Memory, cancellationToken).ConfigureAwait(false);
                if (block.IsEmpty)
                {
                    break;
                }

                if (next == 0)
                {
                    // Started with the first block, so an empty stream (a placeholder version) costs no threads.
                    for (int i = 0; i < threads.Length; i++)
                    {
                        threads[i] = new Thread(WorkerLoop) { IsBackground = true, Name = "plankton-ingest-" + i };
                        threads[i].Start();
                    }
                }

                slot.Start(block);
                _stage?.Queued();
                _work.Add(slot, CancellationToken.None); // never blocks: at most one entry per slot; no token, so an added slot is always processed
                next++;
                if (block.Length < _blockSize)
                {
                    break;
                }
            }

            for (long i = Math.Max(0, next - _slots.Length); i < next; i++)
            {
                PipelineSlot slot = _slots[i % _slots.Length];
                if (slot.InFlight)
                {
                    await slot.WaitAsync().ConfigureAwait(false);
                    tally.Add(slot, progress);
                }
            }

            if (_batch is not null)
            {
                await _batch.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return tally.ToResult(_blockSize);
        }
        catch (Exception error)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            _stage?.Abandon(error);
            await DrainAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _work.CompleteAdding();
            foreach (Thread thread in threads)
            {
                thread?.Join();
            }

            foreach (PipelineSlot slot in _slots)
            {
                slot?.Dispose();
            }

            if (_batch is not null)
            {
                await _batch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public void Dispose()
    {
        _work.Dispose();
        _abort.Dispose();
    }

    /// <summary>Waits for every slot a worker still owns, so no buffer is returned while in use.</summary>
    private async ValueTask DrainAsync()
    {
        foreach (PipelineSlot slot in _slots)
        {
            if (slot is not null && slot.InFlight)
            {
                try
                {
                    await slot.WaitAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The first failure is already being reported; the others only tell the same story.
                }
            }
        }
    }

    private void WorkerLoop()
    {
        CancellationToken abort = _abort.Token;
        foreach (PipelineSlot slot in _work.GetConsumingEnumerable())
        {
            try
            {
                abort.ThrowIfCancellationRequested();
                if (Process(slot, abort))
                {
                    slot.Complete();
                }
            }
            catch (Exception error)
            {
                slot.Fail(error);
                _stage?.Abandon(error);
            }
        }
    }

    /// <summary>Hashes a slot and puts its block; returns <see langword="false"/> when the block waits in the stage.</summary>
    private bool Process(PipelineSlot slot, CancellationToken abort)
    {
        if (!slot.Hashed)
        {
            slot.ContentLength = PithosHash.ContentLength(slot.Block.Span);
            ReadOnlySpan<byte> content = slot.Block.Span[..slot.ContentLength];
            if (_wantsDigest)
            {
                slot.KeepDigest(StoredFormDigest.Start(content, out BlockHash hash));
                slot.Hash = hash;
            }
            else
            {
                slot.Hash = PithosHash.Sha256(content);
            }

            slot.Hashed = true;
            if (_batch is null)
            {
                return true;
            }

            if (_stage is not null)
            {
                List<PipelineSlot>? group = _stage.Hashed(slot);
                if (group is null)
                {
                    return false;
                }

                ReserveGroup(group, slot, abort);
            }
        }

        var block = new HashedBlock(slot.Hash, slot.Block[..slot.ContentLength], slot.Length) { FileDigest = slot.FileDigest };
        ValueTask<BlockPutOutcome> put = _batch!.PutAsync(block, abort);
        slot.Outcome = put.IsCompletedSuccessfully ? put.Result : put.AsTask().GetAwaiter().GetResult();
        if (_stage?.Put() is { } waiting)
        {
            // The last reserved block is put and blocks wait: reserve them now rather than let the store idle. A
            // failure there belongs to those blocks (and ends the ingest), not to this one, which is stored.
            try
            {
                ReserveGroup(waiting, own: null, abort);
            }
            catch (Exception error)
            {
                _stage.Abandon(error);
            }
        }

        return true;
    }

    /// <summary>
    /// Reserves a group in one call, then queues its slots for their puts, except <paramref name="own"/> (the caller
    /// puts it): each slot is in one place at a time, so the queue, bounded by the slot count, never blocks. When the
    /// reservation fails, every slot of the group but <paramref name="own"/> is failed with its error.
    /// </summary>
    private void ReserveGroup(List<PipelineSlot> group, PipelineSlot? own, CancellationToken abort)
    {
        try
        {
            _reserving!.Reserve(ReservationStage.HashesOf(group), abort);
        }
        catch (Exception error)
        {
            foreach (PipelineSlot other in group)
            {
                if (other != own)
                {
                    other.Fail(error);
                }
            }

            throw;
        }

        foreach (PipelineSlot other in group)
        {
            if (other != own)
            {
                _work.Add(other, CancellationToken.None);
            }
        }
    }
}
