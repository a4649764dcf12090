using System.Diagnostics;
using System.Globalization;

namespace Loom.Scale;

/// <summary>What this process holds: resident memory, its peak, the managed heap, open handles and threads (Linux's /proc where it has one).</summary>
internal static class MemoryProbe
{
    /// <summary>The resident set now, in bytes.</summary>
    public static long Resident() => Environment.WorkingSet;

    /// <summary>The peak resident set since the process started or <see cref="ResetPeak"/> (VmHWM), or null where /proc has none.</summary>
    public static long? PeakResident()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Collects what the managed heap can give back, then starts counting the peak resident set from now (Linux), so a run's peak is its own.</summary>
    public static void ResetPeak()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or a kernel without it: the peak counts from the start of the process.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>The managed heap after a full collection, in bytes: what the process really keeps.</summary>
    public static long RetainedManaged()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>Open file descriptors (Linux), else the process's handle count.</summary>
    public static int Handles()
    {
        try
        {
            return Directory.GetFiles("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return Process.GetCurrentProcess().HandleCount;
        }
        catch (UnauthorizedAccessException)
        {
            return Process.GetCurrentProcess().HandleCount;
        }
    }

    /// <summary>Threads of the process.</summary>
    public static int Threads()
    {
        using var process = Process.GetCurrentProcess();
        return process.Threads.Count;
    }
}
