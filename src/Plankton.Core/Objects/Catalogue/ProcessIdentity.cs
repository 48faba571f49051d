using System.Diagnostics;
using System.Globalization;

namespace Plankton.Core.Objects.Catalogue;

/// <summary>
/// Names a process so that another process on the same host can tell, without a clock, whether it still runs: the
/// host name, the process id and the process's start time (on Linux the kernel's start tick from
/// <c>/proc/&lt;pid&gt;/stat</c>, exact and independent of wall-clock changes; elsewhere the start time in ticks).
/// A reused process id has another start time, so it never revives a dead lease.
/// </summary>
internal static class ProcessIdentity
{
    /// <summary>Gets this host's name as leases record it.</summary>
    public static string Host { get; } = Environment.MachineName;

    /// <summary>Gets this process's id.</summary>
    public static long Pid { get; } = Environment.ProcessId;

    /// <summary>Gets this process's start stamp.</summary>
    public static long Started { get; } = StartStamp(Environment.ProcessId) ?? 0;

    /// <summary>Tells whether the process a lease names still runs, when that can be known on this host.</summary>
    /// <param name="host">The lease's host.</param>
    /// <param name="pid">The lease's process id.</param>
    /// <param name="started">The lease's start stamp.</param>
    /// <returns><see langword="true"/> or <see langword="false"/> when known; <see langword="null"/> for another host or an unreadable process.</returns>
    public static bool? IsRunning(string host, long pid, long started)
    {
        if (!string.Equals(host, Host, StringComparison.Ordinal))
        {
            return null;
        }

        if (pid == Pid)
        {
            return started == Started;
        }

        if (pid is <= 0 or > int.MaxValue)
        {
            return false;
        }

        try
        {
            long? stamp = StartStamp((int)pid);
            return stamp is null ? false : stamp == started;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>The start stamp of a process, or <see langword="null"/> when no such process runs.</summary>
    private static long? StartStamp(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (IOException)
            {
                return null;
            }

            // Fields after the command name (which may hold spaces and parentheses): state is field 3, starttime 22.
            string[] fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 && fields[0] != "Z" ? long.Parse(fields[19], CultureInfo.InvariantCulture) : null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
