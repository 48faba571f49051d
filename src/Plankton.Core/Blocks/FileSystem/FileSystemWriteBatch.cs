using Microsoft.Win32.SafeHandles;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>
/// A group commit of block files. Puts write unflushed temp files; a commit flushes them all (after the first flush
/// the file system's journal already holds the rest, so they cost little), renames each into place and flushes each
/// touched folder once. The batch commits by itself every <see cref="CommitEvery"/> blocks to bound open files and
/// pending temp space.
/// </summary>
internal sealed class FileSystemWriteBatch(FileSystemBlockStore store) : IBlockWriteBatch
{
    /// <summary>How many staged blocks trigger a commit.</summary>
    public const int CommitEvery = 32;

    private readonly object _gate = new();
    private readonly HashSet<BlockHash> _stagedHashes = [];
    private List<StagedBlock> _staged = new(CommitEvery);
    private bool _closed;

    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        BlockStoreGuard.CheckBlockLength(block, store.BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        if (block.Hash.IsEmpty)
        {
            return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
        }

        string path = store.BlockPath(block.Hash);
        List<StagedBlock>? full = null;
        BlockPutOutcome outcome;
        lock (store.LockFor(block.Hash))
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                if (_stagedHashes.Contains(block.Hash))
                {
                    return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
                }
            }

            outcome = store.Classify(block.Hash, block.Content.Length, path);
            if (outcome == BlockPutOutcome.AlreadyPresent)
            {
                return ValueTask.FromResult(outcome);
            }

            string temp = store.NewTempPath(block.Hash);
            SafeFileHandle handle;
            try
            {
                handle = store.WriteTemp(block.Content, block.Hash, temp);
            }
            catch
            {
                FileSystemBlockStore.TryDelete(temp);
                throw;
            }

            lock (_gate)
            {
                _staged.Add(new StagedBlock(block.Hash, handle, temp, path));
                _stagedHashes.Add(block.Hash);
                if (_staged.Count >= CommitEvery)
                {
                    full = TakeStaged();
                }
            }
        }

        if (full is not null)
        {
            Commit(full);
        }

        return ValueTask.FromResult(outcome);
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        List<StagedBlock> staged;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            staged = TakeStaged();
        }

        Commit(staged);
        return ValueTask.CompletedTask;
    }

    /// <summary>Discards blocks not yet committed: their temp files are closed and deleted.</summary>
    public ValueTask DisposeAsync()
    {
        List<StagedBlock> staged;
        lock (_gate)
        {
            _closed = true;
            staged = TakeStaged();
        }

        Discard(staged, 0);
        return ValueTask.CompletedTask;
    }

    private List<StagedBlock> TakeStaged()
    {
        List<StagedBlock> taken = _staged;
        _staged = new List<StagedBlock>(CommitEvery);
        _stagedHashes.Clear();
        return taken;
    }

    /// <summary>Flush every temp file, rename each into place, flush each folder; on failure discard what is left.</summary>
    private void Commit(List<StagedBlock> staged)
    {
        if (staged.Count == 0)
        {
            return;
        }

        int done = 0;
        try
        {
            foreach (StagedBlock block in staged)
            {
                RandomAccess.FlushToDisk(block.Handle);
                block.Handle.Dispose();
            }

            var folders = new HashSet<string>(StringComparer.Ordinal);
            for (; done < staged.Count; done++)
            {
                StagedBlock block = staged[done];
                lock (store.LockFor(block.Hash))
                {
                    File.Move(block.TempPath, block.FinalPath, overwrite: true);
                }

                folders.Add(Path.GetDirectoryName(block.FinalPath)!);
            }

            foreach (string folder in folders)
            {
                StoreLayout.SyncDirectoryIfSupported(folder);
            }

            foreach (StagedBlock block in staged)
            {
                store.Remember(block.Hash);
            }
        }
        catch
        {
            Discard(staged, done);
            throw;
        }
    }

    private static void Discard(List<StagedBlock> staged, int from)
    {
        for (int i = from; i < staged.Count; i++)
        {
            staged[i].Handle.Dispose();
            FileSystemBlockStore.TryDelete(staged[i].TempPath);
        }
    }

    private readonly record struct StagedBlock(BlockHash Hash, SafeFileHandle Handle, string TempPath, string FinalPath);
}
