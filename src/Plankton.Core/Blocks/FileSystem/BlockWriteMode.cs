namespace Plankton.Core.Blocks.FileSystem;

/// <summary>How <see cref="FileSystemBlockStore"/> writes block files. Every mode is crash-safe.</summary>
public enum BlockWriteMode
{
    /// <summary>Unbuffered (<c>O_DIRECT</c>) where the file system supports it, buffered writes with flushes elsewhere.</summary>
    Auto = 0,

    /// <summary>Always unbuffered; opening fails where the file system or operating system refuses <c>O_DIRECT</c>.</summary>
    Direct = 1,

    /// <summary>Always through the page cache, flushed to disk before the rename.</summary>
    Buffered = 2,
}
