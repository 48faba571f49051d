using System.Buffers;
using Plankton.Core.Blocks;
using Plankton.Core.Blocks.FileSystem;
using Plankton.Core.Hashing;

namespace Plankton.Core.S3;

/// <summary>Puts: the checks before a write, conditional creates, repairs, and the uploads a batch runs in the background.</summary>
public sealed partial class S3BlockStore
{
    /// <inheritdoc/>
    /// <remarks>
    /// The batch checks each block as <see cref="PutAsync"/> does, then uploads a missing block in the background and
    /// returns at once, so uploads overlap the hashing of the next blocks; at most
    /// <see cref="S3BlockStoreOptions.MaxConcurrentRequests"/> uploads are in flight (a put waits for a free slot), each
    /// holding a copy of its block. <see cref="IBlockWriteBatch.CommitAsync"/> waits for them all and throws the first
    /// <see cref="S3BlockStoreException"/>; after a failed upload, further puts into the batch throw it at once.
    /// Disposing a batch without committing cancels its uploads: S3 writes objects atomically, so each block is then
    /// whole or absent.
    /// <para>After <see cref="S3BlockWriteBatch.NewStreakToSkipChecks"/> blocks in a row were missing (new data), the
    /// batch stops looking blocks up before uploading them: the conditional create alone keeps existing copies, and a
    /// 412 (the block was there) is checked like any existing copy and makes the batch look up again. So new data costs
    /// one request per block, and data the store already holds costs one look-up per block. A block reported
    /// <see cref="BlockPutOutcome.Stored"/> that turns out to be present (unchecked, or created meanwhile by another
    /// writer) is still counted as stored. Against a server without conditional puts
    /// (<see cref="S3BlockStoreOptions.ConditionalCreates"/>) every block is looked up first: two requests per new block.</para>
    /// </remarks>
    public IBlockWriteBatch BeginBatch()
    {
        ThrowIfDisposed();
        return new S3BlockWriteBatch(this);
    }

    /// <summary>Puts a block now (<paramref name="batch"/> null) or, in a batch, checks it now and uploads it in the background.</summary>
    internal async ValueTask<BlockPutOutcome> PutCoreAsync(HashedBlock block, S3BlockWriteBatch? batch, CancellationToken cancellationToken)
    {
        BlockStoreGuard.CheckBlockLength(block, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        ThrowIfDisposed();
        BlockHash hash = block.Hash;
        if (hash.IsEmpty || IsTrustedKnown(hash))
        {
            return BlockPutOutcome.AlreadyPresent;
        }

        int objectLength = block.Content.Length + BlockFileFormat.TrailerSize;
        SemaphoreSlim blockLock = _blockLocks[hash.FirstByte];
        await blockLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_uploads.TryGetValue(hash, out Task? inFlight))
            {
                if (batch is not null)
                {
                    // A batch is uploading this block: it is there when that upload, and so this batch, completes.
                    batch.Track(inFlight);
                    return BlockPutOutcome.AlreadyPresent;
                }

                // An immediate put waits for it, then checks as usual (the upload may have failed).
                try
                {
                    await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // That batch reports its own failure; this put goes on and writes the block itself.
                }
            }

            bool damaged = _damaged.ContainsKey(hash);
            if (batch is not null && !damaged && batch.SkipsChecks && UsesConditionalCreates && !_verified.ContainsKey(hash))
            {
                // New data so far, and a block this instance has not met: no look-up before the upload; its
                // conditional create still never overwrites (and its 412 tells the batch to look up again).
                await StartUploadAsync(block, objectLength, batch, cancellationToken).ConfigureAwait(false);
                return BlockPutOutcome.Stored;
            }

            ObjectState state = damaged
                ? await HeadStateAsync(hash, objectLength, assumeDamaged: true, cancellationToken).ConfigureAwait(false)
                : await CheckStoredAsync(hash, objectLength, cancellationToken).ConfigureAwait(false);
            batch?.Observe(found: state != ObjectState.Missing);
            if (state == ObjectState.Sound)
            {
                _damaged.TryRemove(hash, out _);
                Remember(hash);
                return BlockPutOutcome.AlreadyPresent;
            }

            if (batch is not null && state == ObjectState.Missing)
            {
                await StartUploadAsync(block, objectLength, batch, cancellationToken).ConfigureAwait(false);
                return BlockPutOutcome.Stored;
            }

            BlockBody body = RentBody(block, objectLength);
            try
            {
                BlockPutOutcome outcome = state == ObjectState.Damaged
                    ? await RepairAsync(hash, body, cancellationToken).ConfigureAwait(false)
                    : await CreateAsync(hash, body, cancellationToken).ConfigureAwait(false);
                _damaged.TryRemove(hash, out _);
                Remember(hash);
                return outcome;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(body.Buffer);
            }
        }
        finally
        {
            blockLock.Release();
        }
    }

    /// <summary>
    /// Copies a block's stored form (content, then trailer) into a pooled buffer, with its SHA-256 finished from the
    /// state the ingestion pipeline kept after hashing the content (<see cref="HashedBlock.FileDigest"/>), when it did.
    /// </summary>
    private static BlockBody RentBody(HashedBlock block, int objectLength)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(objectLength);
        block.Content.Span.CopyTo(buffer);
        Span<byte> trailer = buffer.AsSpan(block.Content.Length, BlockFileFormat.TrailerSize);
        BlockFileFormat.WriteTrailer(block.Content.Span, block.Hash, trailer);
        return new BlockBody(buffer, objectLength, block.FileDigest?.Finish(trailer).ToString());
    }

    /// <summary>Creates a missing block with a conditional PUT; a 412 means another writer made it meanwhile, and that copy is checked.</summary>
    private async ValueTask<BlockPutOutcome> CreateAsync(BlockHash hash, BlockBody body, CancellationToken cancellationToken)
    {
        int objectLength = body.Length;
        if (await PutObjectAsync(hash, body, ifNoneMatch: true, cancellationToken).ConfigureAwait(false))
        {
            return BlockPutOutcome.Stored;
        }

        _verified.TryRemove(hash, out _);
        return await CheckStoredAsync(hash, objectLength, cancellationToken).ConfigureAwait(false) switch
        {
            ObjectState.Sound => BlockPutOutcome.AlreadyPresent,
            ObjectState.Missing => await PutObjectAsync(hash, body, ifNoneMatch: true, cancellationToken).ConfigureAwait(false)
                ? BlockPutOutcome.Stored
                : BlockPutOutcome.AlreadyPresent,
            _ => await RepairAsync(hash, body, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>
    /// Waits for an upload slot, copies the block, and starts its upload in the background under the batch's token;
    /// the slot, the copy and the in-flight entry are released when the upload ends.
    /// </summary>
    private async ValueTask StartUploadAsync(HashedBlock block, int objectLength, S3BlockWriteBatch batch, CancellationToken cancellationToken)
    {
        await _uploadSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        BlockBody body;
        try
        {
            body = RentBody(block, objectLength);
        }
        catch
        {
            _uploadSlots.Release();
            throw;
        }

        BlockHash hash = block.Hash;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task upload = UploadAsync();
        _uploads[hash] = upload;
        batch.Track(upload);
        start.SetResult();

        async Task UploadAsync()
        {
            await start.Task.ConfigureAwait(false);
            try
            {
                if (await CreateAsync(hash, body, batch.Aborted).ConfigureAwait(false) != BlockPutOutcome.Stored)
                {
                    batch.Observe(found: true);
                }

                Remember(hash);
            }
            finally
            {
                _uploads.TryRemove(hash, out _);
                ArrayPool<byte>.Shared.Return(body.Buffer);
                _uploadSlots.Release();
            }
        }
    }

    /// <summary>A block's stored form in a pooled buffer, with its SHA-256 when already known (lower-case hex).</summary>
    private readonly record struct BlockBody(byte[] Buffer, int Length, string? Sha256);
}
