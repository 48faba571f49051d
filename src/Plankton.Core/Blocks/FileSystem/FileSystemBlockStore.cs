using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Plankton.Core.Exceptions;
using Plankton.Core.Hashing;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>
/// A durable block store in a folder: one file per block, named by its hex hash, under
/// <c>blocks/&lt;first two hex digits&gt;/</c>.
/// </summary>
/// <remarks>
/// <para>Each file holds the block without its trailing zeros, plus a 16-byte XxHash3 trailer that every read
/// checks (see <c>docs/hashing.md</c>). The all-zero block is never written.</para>
/// <para>Writes are crash-safe: the block goes to a temp file of this instance, is flushed to disk, renamed into
/// place and its folder flushed, so a block file is either absent or whole. With <see cref="BlockWriteMode.Auto"/>
/// writes bypass the page cache (<c>O_DIRECT</c>) where the file system allows it.</para>
/// <para>Opening the store removes the temp files of instances that are gone (crashed or closed); a live
/// instance is recognised by the lock it holds on its temp folder, which the OS releases when the process dies.</para>
/// <para>Thread-safe; several instances, in one process or many, may share a folder. Disk I/O runs on the calling
/// thread.</para>
/// </remarks>
public sealed partial class FileSystemBlockStore : IBlockStore, IDisposable
{
    private const string BlocksFolder = "blocks";
    private const string TempFolder = "tmp";
    private const string LayoutFileName = "plankton-blocks.txt";
    private const string LockSuffix = ".lock";
    private const int ShardCount = 256;

    private readonly string _blocksPath;
    private readonly string _instanceTempPath;
    private readonly FileStream _instanceLock;
    private readonly object[] _shardLocks;
    private readonly ConcurrentDictionary<BlockHash, byte> _verified = new();
    private readonly int _verifiedCapacity;
    private readonly bool _verifyReadsWithSha256;
    private readonly BlockWriteMode _requestedMode;
    private volatile bool _direct;
    private long _tempCounter;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="FileSystemBlockStore"/> class, creating or opening the store.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The root path is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The block size or cache capacity is out of range.</exception>
    /// <exception cref="StoreConfigurationException">The store was created with another block size, or direct writes were required and are not available.</exception>
    /// <exception cref="IOException">The folder cannot be created or opened.</exception>
    public FileSystemBlockStore(FileSystemBlockStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.RootPath, nameof(options.RootPath));
        HashingConstants.ValidateBlockSize(options.BlockSize, nameof(options.BlockSize));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.VerifiedCacheCapacity, nameof(options.VerifiedCacheCapacity));

        RootPath = Path.GetFullPath(options.RootPath);
        BlockSize = options.BlockSize;
        _verifiedCapacity = options.VerifiedCacheCapacity;
        _verifyReadsWithSha256 = options.VerifyReadsWithSha256;
        _requestedMode = options.WriteMode;
        _blocksPath = Path.Combine(RootPath, BlocksFolder);
        _shardLocks = new object[ShardCount];
        for (int i = 0; i < ShardCount; i++)
        {
            _shardLocks[i] = new object();
        }

        StoreLayout.CreateOrCheck(RootPath, LayoutFileName, _blocksPath, ShardCount, BlockSize);
        string tempRoot = Path.Combine(RootPath, TempFolder);
        Directory.CreateDirectory(tempRoot);
        RemoveTempFilesOfDeadInstances(tempRoot);

        string instanceId = Guid.NewGuid().ToString("N");
        _instanceLock = new FileStream(
            Path.Combine(tempRoot, instanceId + LockSuffix),
            FileMode.CreateNew,
            FileAccess.ReadWrite,
            FileShare.None,
            bufferSize: 1,
            FileOptions.DeleteOnClose);
        string instanceTempPath = Path.Combine(tempRoot, instanceId);
        try
        {
            _instanceTempPath = Directory.CreateDirectory(instanceTempPath).FullName;
            _direct = ChooseDirectWrites(_requestedMode, _instanceTempPath);
        }
        catch
        {
            // Leave neither folder nor lock: once the finalizer released the lock, no opening would remove the folder.
            try
            {
                Directory.Delete(instanceTempPath, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Nothing more can be done; the exception that matters is the one being rethrown.
            }

            _instanceLock.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public int BlockSize { get; }

    /// <summary>Gets the full path of the store's folder.</summary>
    public string RootPath { get; }

    /// <summary>Gets a value indicating whether block files are written unbuffered (<c>O_DIRECT</c>).</summary>
    public bool UsesDirectWrites => _direct;

    /// <inheritdoc/>
    public ValueTask<int> ReadAsync(BlockHash hash, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        BlockStoreGuard.CheckDestination(destination, BlockSize);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> target = destination.Span[..BlockSize];
        if (hash.IsEmpty)
        {
            target.Clear();
            return ValueTask.FromResult(0);
        }

        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(BlockPath(hash), FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BlockNotFoundException(hash);
        }

        using (handle)
        {
            int length;
            try
            {
                length = ReadVerified(handle, hash, target, _verifyReadsWithSha256);
            }
            catch (BlockIntegrityException)
            {
                // The file was verified earlier but is damaged now: forget that, so the next put checks and repairs it.
                _verified.TryRemove(hash, out _);
                throw;
            }

            target[length..].Clear();
            return ValueTask.FromResult(length);
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BlockHash>> GetMissingAsync(IReadOnlyList<BlockHash> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        return ValueTask.FromResult(BlockStoreGuard.Missing(hashes, h => File.Exists(BlockPath(h))));
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(BlockHash hash, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (hash.IsEmpty)
        {
            return ValueTask.FromResult(false);
        }

        string path = BlockPath(hash);
        lock (ShardLock(hash))
        {
            _verified.TryRemove(hash, out _);
            if (!File.Exists(path))
            {
                return ValueTask.FromResult(false);
            }

            File.Delete(path);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<BlockHash> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (string shard in Directory.EnumerateDirectories(_blocksPath))
        {
            foreach (string file in Directory.EnumerateFiles(shard))
            {
                cancellationToken.ThrowIfCancellationRequested();
                ReadOnlySpan<char> name = Path.GetFileName(file.AsSpan());
                if (!name.ContainsAnyInRange('A', 'Z') && BlockHash.TryParse(name, out BlockHash hash))
                {
                    yield return hash;
                }
            }

            await Task.Yield();
        }
    }

    /// <summary>Releases this instance's temp folder and lock. Blocks stay on disk.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        TryDeleteFolder(_instanceTempPath); // if this fails, the next opening removes the folder it finds without a lock
        _instanceLock.Dispose();
    }

    /// <summary>Gets the store's temp folder for this instance.</summary>
    internal string InstanceTempPath => _instanceTempPath;

    /// <summary>Returns the path a block's file has, for tests and tools that inspect the folder.</summary>
    /// <param name="hash">The block's hash.</param>
    /// <returns>The full path of the block file.</returns>
    internal string BlockPath(BlockHash hash)
    {
        Span<char> hex = stackalloc char[BlockHash.HexLength];
        hash.TryFormat(hex, out _, default, null);
        return string.Create(null, stackalloc char[256], $"{_blocksPath}/{hex[..2]}/{hex}");
    }

    private object ShardLock(BlockHash hash) => _shardLocks[hash.FirstByte];

    /// <summary>Reads a block file into <paramref name="target"/> and checks it; returns the content length.</summary>
    private int ReadVerified(SafeFileHandle handle, BlockHash hash, Span<byte> target, bool checkSha256)
    {
        long fileLength = RandomAccess.GetLength(handle);
        long contentLength = fileLength - BlockFileFormat.TrailerSize;
        if (contentLength < 0 || contentLength > BlockSize)
        {
            throw new BlockIntegrityException(hash, $"the block file is {fileLength} bytes long, which no block of {BlockSize} bytes makes");
        }

        Span<byte> content = target[..(int)contentLength];
        Span<byte> trailer = stackalloc byte[BlockFileFormat.TrailerSize];
        if (RandomAccess.Read(handle, content, 0) != content.Length
            || RandomAccess.Read(handle, trailer, contentLength) != trailer.Length)
        {
            throw new BlockIntegrityException(hash, "the block file changed length while it was read");
        }

        string? reason = BlockFileFormat.Check(content, hash, trailer);
        if (reason is null && checkSha256 && PithosHash.Sha256(content) != hash)
        {
            reason = "the block's bytes do not hash to its name";
        }

        if (reason is not null)
        {
            throw new BlockIntegrityException(hash, reason);
        }

        return content.Length;
    }

    private static bool ChooseDirectWrites(BlockWriteMode mode, string probeFolder)
    {
        if (mode == BlockWriteMode.Buffered)
        {
            return false;
        }

        bool supported = false;
        if (OperatingSystem.IsLinux())
        {
            string probe = Path.Combine(probeFolder, "direct-probe");
            using SafeFileHandle? handle = NativeFile.TryCreateDirect(probe, out _);
            supported = handle is not null;
            if (supported)
            {
                File.Delete(probe);
            }
        }

        if (!supported && mode == BlockWriteMode.Direct)
        {
            throw new StoreConfigurationException(
                $"Direct (O_DIRECT) writes were required, but the file system under '{probeFolder}' does not allow them.");
        }

        return supported;
    }

    private static void RemoveTempFilesOfDeadInstances(string tempRoot)
    {
        foreach (string lockPath in Directory.EnumerateFiles(tempRoot, "*" + LockSuffix))
        {
            FileStream? claimed = null;
            try
            {
                claimed = new FileStream(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                continue; // held by a live instance, or removed by another opener meanwhile
            }

            using (claimed)
            {
                TryDeleteFolder(lockPath[..^LockSuffix.Length]);
            }
        }

        // A folder without a lock belongs to no live instance: an instance takes its lock before it makes its
        // folder and deletes its folder before its lock, so this is one whose folder could not be deleted then.
        foreach (string folder in Directory.EnumerateDirectories(tempRoot))
        {
            if (!File.Exists(folder + LockSuffix))
            {
                TryDeleteFolder(folder);
            }
        }
    }

    /// <summary>Best-effort removal of a temp folder; whatever cannot be removed now is retried at the next opening.</summary>
    private static void TryDeleteFolder(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Retried at the next opening.
        }
    }
}
