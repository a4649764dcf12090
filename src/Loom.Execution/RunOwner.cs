namespace Loom.Execution;

/// <summary>Names the process driving a run (host:pid), shown to users; <see cref="RunLock"/> decides whether it is alive.</summary>
internal static class RunOwner
{
    public static string Current => $"{Environment.MachineName}:{Environment.ProcessId}";
}
