using Microsoft.Win32.SafeHandles;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <content>Putting blocks: dedup by existence (verified once per opening), crash-safe temp-flush-rename writes.</content>
public sealed partial class FileSystemBlockStore
{
    private const int Alignment = AlignedBuffer.Alignment;

    /// <inheritdoc/>
    public ValueTask<BlockPutOutcome> PutAsync(HashedBlock block, CancellationToken cancellationToken = default)
    {
        BlockStoreGuard.CheckBlockLength(block, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (block.Hash.IsEmpty)
        {
            return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
        }

        string path = BlockPath(block.Hash);
        lock (ShardLock(block.Hash))
        {
            var existing = new FileInfo(path);
            if (existing.Exists)
            {
                if (existing.Length == block.Content.Length + BlockFileFormat.TrailerSize && IsSound(block.Hash, path))
                {
                    return ValueTask.FromResult(BlockPutOutcome.AlreadyPresent);
                }

                WriteBlockFile(block, path);
                return ValueTask.FromResult(BlockPutOutcome.Repaired);
            }

            WriteBlockFile(block, path);
            return ValueTask.FromResult(BlockPutOutcome.Stored);
        }
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

    private void Remember(BlockHash hash)
    {
        if (_verified.Count >= _verifiedCapacity)
        {
            _verified.Clear();
        }

        _verified.TryAdd(hash, 0);
    }

    /// <summary>Writes the block to a temp file, flushes it, renames it over <paramref name="path"/> and flushes the folder.</summary>
    private void WriteBlockFile(in HashedBlock block, string path)
    {
        string temp = Path.Combine(_instanceTempPath, string.Concat(Path.GetFileName(path), ".", Interlocked.Increment(ref _tempCounter).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        try
        {
            if (!_direct || !TryWriteDirect(block.Content, temp))
            {
                WriteBuffered(block.Content.Span, temp);
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
    }

    private static void WriteBuffered(ReadOnlySpan<byte> content, string temp)
    {
        Span<byte> trailer = stackalloc byte[BlockFileFormat.TrailerSize];
        BlockFileFormat.WriteTrailer(content, trailer);
        using SafeFileHandle handle = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, content.Length + trailer.Length);
        RandomAccess.Write(handle, content, 0);
        RandomAccess.Write(handle, trailer, content.Length);
        RandomAccess.FlushToDisk(handle);
    }

    /// <summary>
    /// Writes with <c>O_DIRECT</c>: the 4 KiB-aligned body straight from the caller's memory when it is aligned
    /// (the ingestion pipeline's buffers are), the tail and trailer through a small aligned scratch buffer.
    /// Returns <see langword="false"/> (having switched the store to buffered writes) when the file system refuses.
    /// </summary>
    private bool TryWriteDirect(ReadOnlyMemory<byte> content, string temp)
    {
        using SafeFileHandle? handle = NativeFile.TryCreateDirect(temp, out int errno);
        if (handle is null)
        {
            if (errno == NativeFile.EInval && _requestedMode == BlockWriteMode.Auto)
            {
                _direct = false;
                return false;
            }

            throw NativeFile.IoError("create", temp, errno);
        }

        int body = content.Length & ~(Alignment - 1);
        int tail = content.Length - body;
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
            BlockFileFormat.WriteTrailer(content.Span, last.Slice(tail, BlockFileFormat.TrailerSize));
            int lastLength = tail + BlockFileFormat.TrailerSize;
            int padded = (lastLength + Alignment - 1) & ~(Alignment - 1);
            last[lastLength..padded].Clear();
            RandomAccess.Write(handle, last[..padded], body);
            RandomAccess.SetLength(handle, (long)content.Length + BlockFileFormat.TrailerSize);
            RandomAccess.FlushToDisk(handle);
            return true;
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

    private static void TryDelete(string path)
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
