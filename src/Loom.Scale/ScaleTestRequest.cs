namespace Loom.Scale;

/// <summary>What to test at scale, and how.</summary>
/// <param name="PipelineYaml">The pipeline document.</param>
/// <param name="Source">Where it came from, for messages.</param>
/// <param name="Parameters">Parameter values given (the rest take their defaults).</param>
/// <param name="GitCommit">The commit of the repository holding the pipeline, if any.</param>
/// <param name="Multipliers">The data multipliers, each above 0 (1 = the pipeline's own data).</param>
/// <param name="Jitter">Noise added to numbers of resampled rows, as a share of each column's spread.</param>
/// <param name="Duration">How long to repeat the pipeline for the stability test, or null for none.</param>
/// <param name="StabilityAt">The data multiplier of the stability runs, or null for the smallest.</param>
/// <param name="AccuracySample">The share of the training rows the sample model is trained on, or null to skip the accuracy test.</param>
/// <param name="AccuracyMetric">The metric the accuracy gate judges, or null for the evaluation's main one.</param>
/// <param name="AccuracyTolerance">How much worse the full-data model may be, or null for the pipeline's max_accuracy_loss, else 0.01.</param>
/// <param name="ConfineInputFiles">Whether the pipeline's input files must lie inside the workspace (as for <c>loom ci</c>).</param>
/// <param name="Generator">A component (<c>NAME@VERSION</c>) that makes the data instead of resampling it: no inputs, a whole-number parameter <c>rows</c>, a table output; or null.</param>
public sealed record ScaleTestRequest(
    string PipelineYaml,
    string Source,
    IReadOnlyDictionary<string, string> Parameters,
    string? GitCommit,
    IReadOnlyList<double> Multipliers,
    double Jitter = 0.01,
    TimeSpan? Duration = null,
    double? StabilityAt = null,
    double? AccuracySample = 0.1,
    string? AccuracyMetric = null,
    double? AccuracyTolerance = null,
    string? Generator = null,
    bool ConfineInputFiles = false)
{
    /// <summary>The tolerance used when neither the request nor the pipeline gives one.</summary>
    public const double DefaultTolerance = 0.01;
}
