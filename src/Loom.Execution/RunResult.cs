using Loom.Metadata.Records;

namespace Loom.Execution;

/// <summary>How a run ended: its record, each step's record, and the pipeline outputs.</summary>
/// <param name="Run">The run's final record.</param>
/// <param name="Steps">Each step's final record.</param>
/// <param name="Outputs">Pipeline output name to the artifact it points at (only for outputs that were produced).</param>
public sealed record RunResult(RunRecord Run, IReadOnlyList<StepRecord> Steps, IReadOnlyDictionary<string, LineageRecord> Outputs);
