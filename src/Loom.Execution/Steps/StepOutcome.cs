using Loom.Metadata.Records;

namespace Loom.Execution.Steps;

/// <summary>How a step ended, and for a success the artifacts on each output port.</summary>
/// <param name="Step">Final step record.</param>
/// <param name="Outputs">Output port to artifact, empty unless it succeeded.</param>
internal sealed record StepOutcome(StepRecord Step, IReadOnlyDictionary<string, LineageRecord> Outputs);
