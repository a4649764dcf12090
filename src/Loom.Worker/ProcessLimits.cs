namespace Loom.Worker;

/// <summary>How long a sandboxed process may run and how much memory it may use.</summary>
/// <param name="Timeout">Wall time after which it is killed.</param>
/// <param name="MemoryBytes">
/// Its managed heap's hard limit (a .NET process fails to allocate above it), or null for none. The process is also
/// killed when its resident memory exceeds the limit by more than <see cref="RuntimeAllowanceBytes"/>.
/// </param>
public sealed record ProcessLimits(TimeSpan Timeout, long? MemoryBytes = null)
{
    /// <summary>Resident memory allowed above the heap limit, for the runtime and native libraries.</summary>
    public const long RuntimeAllowanceBytes = 256L << 20;

    /// <summary>A time limit as people write it: 5s, 2.5m, 1h.</summary>
    public static string Spell(TimeSpan limit) =>
        limit.TotalHours >= 1 ? $"{limit.TotalHours:0.##}h" : limit.TotalMinutes >= 1 ? $"{limit.TotalMinutes:0.##}m" : $"{limit.TotalSeconds:0.##}s";
}
