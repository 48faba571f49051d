using Microsoft.Win32.SafeHandles;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <content>
/// Writing blocks. A block is written to a temp file of this instance, flushed, renamed into place and its folder
/// flushed. A single put does all of it under its shard lock, so concurrent puts of one block are serialised (one
/// stores it, the others find it); the ingestion pipeline goes through a <see cref="FileSystemWriteBatch"/>, whose
/// commit flushes a whole group's temp files before renaming them, so the group shares one journal commit.
/// </content>
public sealed partial class FileSystemBlockStore
{
    private const int Alignment = AlignedBuffer.Alignment;

    /// <inheritdoc/>
    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        BlockStoreGuard.CheckBlockLength(block, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        if (block.Hash.IsEmpty)
        {
            return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
        }

        string path = BlockPath(block.Hash);
        lock (ShardLock(block.Hash))
        {
            // Classify and rename under one lock: a put that let go in between would let a concurrent put of the
            // same block find it absent too, and both would report Stored.
            BlockPutOutcome outcome = Classify(block.Hash, block.Content.Length, path);
            if (outcome == BlockPutOutcome.AlreadyPresent)
            {
                return ValueTask.FromResult(outcome);
            }

            string temp = NewTempPath(block.Hash);
            try
            {
                using (SafeFileHandle handle = WriteTemp(block.Content, block.Hash, temp))
                {
                    RandomAccess.FlushToDisk(handle);
                }

                File.Move(temp, path, overwrite: true);
                StoreLayout.SyncDirectoryIfSupported(Path.GetDirectoryName(path)!);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }

            Remember(block.Hash);
            return ValueTask.FromResult(outcome);
        }
    }

    /// <inheritdoc/>
    public IBlockWriteBatch BeginBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new FileSystemWriteBatch(this);
    }

    /// <summary>
    /// Decides under the shard lock whether a block must be written: absent → <see cref="BlockPutOutcome.Stored"/>;
    /// present with the right length and verified (once per opening) → <see cref="BlockPutOutcome.AlreadyPresent"/>;
    /// present but damaged → <see cref="BlockPutOutcome.Repaired"/>.
    /// </summary>
    internal BlockPutOutcome Classify(BlockHash hash, int contentLength, string path)
    {
        var existing = new FileInfo(path);
        if (!existing.Exists)
        {
            return BlockPutOutcome.Stored;
        }

        return existing.Length == contentLength + BlockFileFormat.TrailerSize && IsSound(hash, path)
            ? BlockPutOutcome.AlreadyPresent
            : BlockPutOutcome.Repaired;
    }

    internal object LockFor(BlockHash hash) => ShardLock(hash);

    /// <summary>Returns a new unique temp file path in this instance's temp folder.</summary>
    internal string NewTempPath(BlockHash hash) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_instanceTempPath}/{hash}.{Interlocked.Increment(ref _tempCounter)}");

    /// <summary>Writes content and trailer to a new temp file, not yet flushed; returns the open handle.</summary>
    internal SafeFileHandle WriteTemp(ReadOnlyMemory<byte> content, BlockHash hash, string temp)
    {
        if (_direct)
        {
            SafeFileHandle? direct = TryWriteDirect(content, hash, temp);
            if (direct is not null)
            {
                return direct;
            }
        }

        return WriteBuffered(content.Span, hash, temp);
    }

    internal void Remember(BlockHash hash)
    {
        if (_verified.Count >= _verifiedCapacity)
        {
            _verified.Clear();
        }

        _verified.TryAdd(hash, 0);
    }

    /// <summary>Tells whether an existing file of the right length holds its block: remembered, or checked in full once.</summary>
    private bool IsSound(BlockHash hash, string path)
    {
        if (_verified.ContainsKey(hash))
        {
            return true;
        }

        AlignedBuffer scratch = AlignedBufferPool.Rent(BlockSize);
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            ReadVerified(handle, hash, scratch.GetSpan(), checkSha256: true);
        }
        catch (Exceptions.BlockIntegrityException)
        {
            return false;
        }
        finally
        {
            AlignedBufferPool.Return(scratch);
        }

        Remember(hash);
        return true;
    }

    private static SafeFileHandle WriteBuffered(ReadOnlySpan<byte> content, BlockHash hash, string temp)
    {
        Span<byte> trailer = stackalloc byte[BlockFileFormat.TrailerSize];
        BlockFileFormat.WriteTrailer(content, hash, trailer);
        SafeFileHandle handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, content.Length + trailer.Length);
        try
        {
            RandomAccess.Write(handle, content, 0);
            RandomAccess.Write(handle, trailer, content.Length);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes with <c>O_DIRECT</c>: the 4 KiB-aligned body straight from the caller's memory when it is aligned
    /// (the ingestion pipeline's buffers are), the tail and trailer through a small aligned scratch buffer.
    /// Returns <see langword="null"/> (having switched the store to buffered writes) when the file system refuses.
    /// </summary>
    private SafeFileHandle? TryWriteDirect(ReadOnlyMemory<byte> content, BlockHash hash, string temp)
    {
        SafeFileHandle? handle = NativeFile.TryCreateDirect(temp, out int errno);
        if (handle is null)
        {
            if (errno == NativeFile.EInval && _requestedMode == BlockWriteMode.Auto)
            {
                _direct = false;
                return null;
            }

            throw NativeFile.IoError("create", temp, errno);
        }

        int body = content.Length & ~(Alignment - 1);
        int tail = content.Length - body;
        using System.Buffers.MemoryHandle pinned = content.Pin(); // keeps a managed array from moving between the alignment check and the write
        AlignedBuffer? copy = null;
        AlignedBuffer scratch = AlignedBufferPool.Rent(2 * Alignment);
        try
        {
            ReadOnlyMemory<byte> source = content;
            if (body > 0 && !AlignedBuffer.IsAligned(content))
            {
                copy = AlignedBufferPool.Rent(BlockSize);
                content.Span.CopyTo(copy.GetSpan());
                source = copy.Memory[..content.Length];
            }

            if (body > 0)
            {
                RandomAccess.Write(handle, source.Span[..body], 0);
            }

            Span<byte> last = scratch.GetSpan();
            content.Span[body..].CopyTo(last);
            BlockFileFormat.WriteTrailer(content.Span, hash, last.Slice(tail, BlockFileFormat.TrailerSize));
            int lastLength = tail + BlockFileFormat.TrailerSize;
            int padded = (lastLength + Alignment - 1) & ~(Alignment - 1);
            last[lastLength..padded].Clear();
            RandomAccess.Write(handle, last[..padded], body);
            RandomAccess.SetLength(handle, (long)content.Length + BlockFileFormat.TrailerSize);
            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        finally
        {
            AlignedBufferPool.Return(scratch);
            if (copy is not null)
            {
                AlignedBufferPool.Return(copy);
            }
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temp folder is removed when the store closes or is next opened.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
