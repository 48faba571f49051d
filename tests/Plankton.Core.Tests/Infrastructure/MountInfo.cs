using System.Globalization;

namespace Plankton.Core.Tests.Infrastructure;

/// <summary>What tests need to know about the file system under a path, read from <c>/proc/self/mounts</c> (Linux only).</summary>
internal static class MountInfo
{
    /// <summary>The first Linux release whose tmpfs accepts <c>O_DIRECT</c> ("tmpfs: trivial support for direct IO").</summary>
    private static readonly Version s_tmpfsDirectIoSince = new(6, 6);

    /// <summary>Gets the kernel release (major.minor), or <see langword="null"/> when not on Linux or unreadable.</summary>
    public static Version? KernelVersion { get; } = ReadKernelVersion();

    /// <summary>Gets a value indicating whether this kernel's tmpfs accepts <c>O_DIRECT</c>.</summary>
    public static bool TmpfsAcceptsDirectIo => KernelVersion is not null && KernelVersion >= s_tmpfsDirectIoSince;

    /// <summary>Returns the type of the file system holding <paramref name="path"/> (for example <c>ext4</c>), or <see langword="null"/> when unknown.</summary>
    public static string? FileSystemType(string path)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/mounts"))
        {
            return null;
        }

        string full = Path.GetFullPath(path);
        string? bestType = null;
        int bestLength = -1;
        foreach (string line in File.ReadLines("/proc/self/mounts"))
        {
            string[] fields = line.Split(' ');
            if (fields.Length < 3)
            {
                continue;
            }

            string mountPoint = fields[1].Replace("\\040", " ", StringComparison.Ordinal);
            bool contains = mountPoint == "/"
                || full == mountPoint
                || full.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (contains && mountPoint.Length >= bestLength)
            {
                bestLength = mountPoint.Length;
                bestType = fields[2];
            }
        }

        return bestType;
    }

    /// <summary>
    /// Tells whether the file system under <paramref name="path"/> is known to accept <c>O_DIRECT</c>, known to refuse
    /// it, or neither (<see langword="null"/>).
    /// </summary>
    public static bool? AcceptsDirectIo(string path) => FileSystemType(path) switch
    {
        "ext4" or "xfs" or "btrfs" => true,
        "tmpfs" => TmpfsAcceptsDirectIo,
        _ => null,
    };

    private static Version? ReadKernelVersion()
    {
        const string ReleaseFile = "/proc/sys/kernel/osrelease";
        if (!OperatingSystem.IsLinux() || !File.Exists(ReleaseFile))
        {
            return null;
        }

        // "6.18.44-fc-v1272" -> 6.18
        string[] parts = File.ReadAllText(ReleaseFile).Trim().Split('.', '-');
        return parts.Length >= 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int major)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int minor)
                ? new Version(major, minor)
                : null;
    }
}
