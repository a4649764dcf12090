using Loom.Metadata.Artifacts;

namespace Loom.Execution.Distribution;

/// <summary>How an attempt's work ended, wherever it ran.</summary>
/// <param name="Outputs">What it wrote, by output port, when it succeeded; else null.</param>
/// <param name="Error">Why it failed, or null.</param>
/// <param name="Transient">Whether the failure may go away on a retry.</param>
/// <param name="Cancelled">Whether it stopped because it was told to (the run's cancellation or the step's timeout).</param>
public sealed record AttemptOutcome(IReadOnlyDictionary<string, StoredArtifact>? Outputs, string? Error, bool Transient, bool Cancelled)
{
    /// <summary>A success.</summary>
    public static AttemptOutcome Succeeded(IReadOnlyDictionary<string, StoredArtifact> outputs) => new(outputs, null, false, false);

    /// <summary>A failure.</summary>
    public static AttemptOutcome Failed(string error, bool transient) => new(null, error, transient, false);

    /// <summary>Stopped when told to.</summary>
    public static AttemptOutcome Stopped { get; } = new(null, "cancelled", false, true);
}
