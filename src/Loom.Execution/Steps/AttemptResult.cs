using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;

namespace Loom.Execution.Steps;

/// <summary>How one attempt ended.</summary>
/// <param name="Step">The step record after the attempt.</param>
/// <param name="Attempt">The attempt record.</param>
/// <param name="Outputs">The written outputs when it succeeded, else null.</param>
/// <param name="Transient">Whether the failure may go away on a retry.</param>
/// <param name="Lost">Whether the node running it was lost (it runs again elsewhere, not counted against the step's retries).</param>
internal sealed record AttemptResult(StepRecord Step, AttemptRecord Attempt, IReadOnlyDictionary<string, StoredArtifact>? Outputs, bool Transient, bool Lost = false);
