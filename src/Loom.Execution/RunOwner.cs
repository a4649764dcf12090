using System.Diagnostics;
using System.Globalization;

namespace Loom.Execution;

/// <summary>Identifies the process driving a run (host:pid), so a resume can tell a dead driver from a live one.</summary>
internal static class RunOwner
{
    public static string Current => $"{Environment.MachineName}:{Environment.ProcessId}";

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

        if (pid == Environment.ProcessId)
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
