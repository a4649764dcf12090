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
}
