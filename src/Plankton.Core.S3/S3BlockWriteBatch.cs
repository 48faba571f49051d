using System.Runtime.ExceptionServices;
using Plankton.Core.Blocks;

namespace Plankton.Core.S3;

/// <summary>
/// A batch of an <see cref="S3BlockStore"/>: puts check at once and upload missing blocks in the background; commit
/// waits for the uploads this batch started or relied on. See <see cref="S3BlockStore.BeginBatch"/>.
/// </summary>
internal sealed class S3BlockWriteBatch(S3BlockStore store) : IFileDigestBlockWriteBatch
{
    /// <summary>Gets a value indicating that uploads sign their payload with the pipeline's digest (<see cref="PrecomputedPayloadS3Client"/>).</summary>
    public bool WantsFileDigest => true;

    /// <summary>How many blocks in a row must have been missing before the batch stops looking blocks up first.</summary>
    public const int NewStreakToSkipChecks = 4;

    private readonly List<Task> _uploads = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _abort = new();
    private ExceptionDispatchInfo? _failure;
    private int _missingStreak;
    private bool _disposed;

    /// <summary>Gets the token that cancels this batch's uploads when it is disposed.</summary>
    public CancellationToken Aborted => _abort.Token;

    /// <summary>Gets a value indicating whether the batch has seen only new blocks lately, so that it uploads without a look-up first.</summary>
    public bool SkipsChecks => Volatile.Read(ref _missingStreak) >= NewStreakToSkipChecks;

    /// <summary>Records whether a block was found in the store: a missing one lengthens the run of new blocks, a found one ends it.</summary>
    public void Observe(bool found)
    {
        if (found)
        {
            Volatile.Write(ref _missingStreak, 0);
        }
        else
        {
            Interlocked.Increment(ref _missingStreak);
        }
    }

    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Volatile.Read(ref _failure)?.Throw();
        return store.PutCoreAsync(block, this, cancellationToken);
    }

    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        Task[] pending = TakePending();
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The batch's failure is the first that was seen (a put may have met it already); it stays failed.
            Exception first = pending.First(t => t.IsFaulted || t.IsCanceled) is { IsFaulted: true } faulted
                ? faulted.Exception!.InnerException!
                : new OperationCanceledException("An upload of the batch was cancelled.");
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(first), null);
            _failure.Throw();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _abort.CancelAsync().ConfigureAwait(false);
        Task[] pending = TakePending();
        try
        {
            await Task.WhenAll(pending).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Discarded: each block is whole or absent (S3 writes objects atomically).
        }

        _abort.Dispose();
    }

    private Task[] TakePending()
    {
        lock (_gate)
        {
            Task[] pending = [.. _uploads];
            _uploads.Clear();
            return pending;
        }
    }

    /// <summary>Adds an upload this batch started or relies on; its failure fails the batch's next put and its commit.</summary>
    internal void Track(Task upload)
    {
        lock (_gate)
        {
            _uploads.Add(upload);
        }

        _ = upload.ContinueWith(
            static (t, state) =>
            {
                if (t.Exception?.InnerException is { } error)
                {
                    Interlocked.CompareExchange(ref ((S3BlockWriteBatch)state!)._failure, ExceptionDispatchInfo.Capture(error), null);
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
