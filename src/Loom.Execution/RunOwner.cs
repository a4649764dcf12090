using System.Diagnostics;
using System.Globalization;

namespace Loom.Execution;

/// <summary>Identifies the process driving a run (host:pid), so a resume can tell a dead driver from a live one.</summary>
public static class RunOwner
{
    /// <summary>The owner string of this process.</summary>
    public static string Current => $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Whether a run marked running was left so by a process that has died: it can only be resumed.</summary>
    public static bool IsInterrupted(Metadata.Records.RunRecord run) =>
        run is { Status: Metadata.Records.RunStatus.Running } && !IsAlive(run.Owner);

    /// <summary>Whether the process named by <paramref name="owner"/> (host:pid) runs on this host.</summary>
    public static bool IsAlive(string? owner)
    {
        if (owner is null)
        {
            return false;
        }

        var colon = owner.LastIndexOf(':');
        if (colon < 0 || owner[..colon] != Environment.MachineName
            || !int.TryParse(owner[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
