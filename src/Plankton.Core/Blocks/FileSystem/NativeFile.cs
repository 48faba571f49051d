using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Plankton.Core.Blocks.FileSystem;

/// <summary>
/// The two POSIX calls that .NET's file API does not expose: creating a file with <c>O_DIRECT</c>, and
/// <c>fsync</c> of a directory. Linux only; callers check <see cref="OperatingSystem.IsLinux"/> first.
/// </summary>
internal static partial class NativeFile
{
    /// <summary>EINVAL: the file system refuses <c>O_DIRECT</c> (tmpfs before Linux 6.6, some FUSE and network file systems).</summary>
    public const int EInval = 22;

    private const int ORdOnly = 0x0;
    private const int OWrOnly = 0x1;
    private const int OCreat = 0x40;
    private const int OExcl = 0x80;
    private const int OCloexec = 0x80000;
    private const int EIntr = 4;
    private const int FileMode0644 = 0x1A4;

    private static bool IsArm => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    private static int ODirect => IsArm ? 0x10000 : 0x4000;

    private static int ODirectory => IsArm ? 0x4000 : 0x10000;

    /// <summary>Creates a new file for unbuffered (<c>O_DIRECT</c>) writing.</summary>
    /// <param name="path">The file to create; it must not exist.</param>
    /// <param name="errno">The error number when the call fails, else 0.</param>
    /// <returns>The open handle, or <see langword="null"/> on failure.</returns>
    public static SafeFileHandle? TryCreateDirect(string path, out int errno)
    {
        int fd = Retry(() => Open(path, OWrOnly | OCreat | OExcl | OCloexec | ODirect, FileMode0644), out errno);
        return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Flushes a directory to disk, making the renames and creations in it durable.</summary>
    /// <param name="path">The directory.</param>
    /// <exception cref="IOException">The directory could not be opened or flushed.</exception>
    public static void SyncDirectory(string path)
    {
        int fd = Retry(() => Open(path, ORdOnly | OCloexec | ODirectory, 0), out int errno);
        if (fd < 0)
        {
            throw IoError("open directory", path, errno);
        }

        try
        {
            if (Retry(() => FSync(fd), out errno) != 0)
            {
                throw IoError("flush directory", path, errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Makes the exception for a failed call.</summary>
    /// <param name="operation">What was attempted.</param>
    /// <param name="path">The path it was attempted on.</param>
    /// <param name="errno">The error number.</param>
    /// <returns>An <see cref="IOException"/> naming all three.</returns>
    public static IOException IoError(string operation, string path, int errno) =>
        new($"Could not {operation} '{path}': {new Win32Exception(errno).Message} (errno {errno}).");

    private static int Retry(Func<int> call, out int errno)
    {
        int result;
        do
        {
            result = call();
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        while (result < 0 && errno == EIntr);
        return result;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
