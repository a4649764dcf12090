namespace Loom.Scale;

/// <summary>What a scale test found: each scale's run measured step by step, how each step grows, the accuracy of a
/// model trained on a sample against one trained on all the data, stability over a duration, and the SLA.</summary>
/// <param name="Id">The scale test's id (<c>sYYYYMMDDhhmmss-xxxxxx</c>).</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="PipelineVersion">The hash of the pipeline document tested.</param>
/// <param name="StartedAt">When the test started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Machine">Where it ran: cores, memory and operating system.</param>
/// <param name="Scales">Each data multiplier's run, smallest first.</param>
/// <param name="Growth">How each step's time and memory grow with its rows.</param>
/// <param name="Accuracy">The sample model against the full-data model, or null when not measured.</param>
/// <param name="Stability">Runs repeated over a duration, or null when no duration was given.</param>
/// <param name="Sla">The pipeline's service-level targets checked, or null when it has none.</param>
/// <param name="Problems">What failed, in words; empty when the test passed.</param>
public sealed record ScaleReport(
    string Id,
    string Pipeline,
    string PipelineVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string Machine,
    IReadOnlyList<ScalePoint> Scales,
    IReadOnlyList<StepGrowth> Growth,
    AccuracyComparison? Accuracy,
    StabilityResult? Stability,
    SlaResult? Sla,
    IReadOnlyList<string> Problems)
{
    /// <summary>Whether every run succeeded and every gate (SLA, accuracy, stability) held.</summary>
    public bool Passed => Problems.Count == 0;
}

/// <summary>One data multiplier's run.</summary>
/// <param name="Multiplier">The data multiplier (1 = the pipeline's own data).</param>
/// <param name="RunId">The run.</param>
/// <param name="Status">How it ended.</param>
/// <param name="DataRows">Rows of data the run read, after scaling.</param>
/// <param name="WallSeconds">The whole run's time.</param>
/// <param name="RowsPerSecond">Data rows over the run's time.</param>
/// <param name="PeakResidentBytes">The process's peak resident memory during the run.</param>
/// <param name="Steps">Each step, in the order it ran.</param>
/// <param name="Error">Why the run failed, or null.</param>
public sealed record ScalePoint(double Multiplier, string RunId, string Status, long DataRows, double WallSeconds, double RowsPerSecond, long PeakResidentBytes, IReadOnlyList<StepMeasure> Steps, string? Error = null);

/// <summary>One step of a run.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="Component">Its component.</param>
/// <param name="Rows">The rows of its largest table, read or written.</param>
/// <param name="WallSeconds">Its time.</param>
/// <param name="RowsPerSecond">Rows over time.</param>
/// <param name="PeakResidentBytes">The process's peak resident memory while it ran.</param>
/// <param name="PeakManagedBytes">The peak managed heap while it ran.</param>
public sealed record StepMeasure(string Step, string Component, long Rows, double WallSeconds, double RowsPerSecond, long PeakResidentBytes, long PeakManagedBytes);

/// <summary>How a step's time and memory grow with its rows across the scales.</summary>
/// <param name="Step">The step's name.</param>
/// <param name="TimeExponent">k in time ∝ rows^k (least squares on the log-log points), or null when too fast to tell.</param>
/// <param name="Shape">The growth in words: constant, linear, n log n or a little worse, or n^k.</param>
/// <param name="MemoryExponent">k in peak managed memory ∝ rows^k, or null.</param>
/// <param name="Cliff">Where time per row jumps by 3× or more from one scale to the next, or null.</param>
public sealed record StepGrowth(string Step, double? TimeExponent, string Shape, double? MemoryExponent, string? Cliff);

/// <summary>A model trained on a sample of the training rows against the one trained on all of them, on the same held-out rows.</summary>
/// <param name="SampleFraction">The sample's share of the training rows.</param>
/// <param name="SampleRunId">The run trained on the sample.</param>
/// <param name="FullRunId">The run trained on all the rows.</param>
/// <param name="Evaluation">The evaluate step both runs measured with.</param>
/// <param name="Metric">The metric judged.</param>
/// <param name="HigherIsBetter">Whether a larger value of it is better.</param>
/// <param name="Sample">Its value for the sample model.</param>
/// <param name="Full">Its value for the full model.</param>
/// <param name="Loss">How much worse the full model is (negative: better).</param>
/// <param name="Tolerance">The most loss allowed.</param>
/// <param name="Metrics">Every metric of the evaluation, sample and full.</param>
/// <param name="Shift">How the two models' predictions on the held-out rows differ, or null.</param>
public sealed record AccuracyComparison(
    double SampleFraction,
    string SampleRunId,
    string FullRunId,
    string Evaluation,
    string Metric,
    bool HigherIsBetter,
    double Sample,
    double Full,
    double Loss,
    double Tolerance,
    IReadOnlyDictionary<string, MetricPair> Metrics,
    PredictionShift? Shift)
{
    /// <summary>Whether the full model is worse than the sample model by no more than the tolerance.</summary>
    public bool Passed => Loss <= Tolerance;
}

/// <summary>A metric of the sample model and of the full model.</summary>
public sealed record MetricPair(double Sample, double Full);

/// <summary>How two models' predictions of the same rows differ.</summary>
/// <param name="Column">The prediction column compared.</param>
/// <param name="Rows">Rows compared.</param>
/// <param name="Psi">Population stability index of the full model's scores against the sample model's (10 equal-count bins), for a number column.</param>
/// <param name="Ks">Largest gap between the two scores' distribution functions, for a number column.</param>
/// <param name="Disagreement">Share of rows whose predicted label differs, for a label column.</param>
public sealed record PredictionShift(string Column, long Rows, double? Psi, double? Ks, double? Disagreement);

/// <summary>The pipeline run again and again for a duration, watching what the process keeps.</summary>
/// <param name="Multiplier">The data multiplier of every run.</param>
/// <param name="Seconds">How long it went on.</param>
/// <param name="Failed">Runs that did not succeed.</param>
/// <param name="Samples">What the process held after each run.</param>
/// <param name="ManagedGrowthPercent">Growth of the managed heap kept after a full collection, from the first third of the runs to the last (after two warm-up runs).</param>
/// <param name="ResidentGrowthPercent">Growth of resident memory, likewise.</param>
/// <param name="HandleGrowth">Open handles at the end less at the start (after warm-up).</param>
/// <param name="Verdict">Stable, or what grows or failed.</param>
/// <param name="Stable">Whether nothing grew or failed beyond the limits.</param>
public sealed record StabilityResult(double Multiplier, double Seconds, int Failed, IReadOnlyList<StabilitySample> Samples, double? ManagedGrowthPercent, double? ResidentGrowthPercent, int? HandleGrowth, string Verdict, bool Stable);

/// <summary>What the process held after one run of a stability test.</summary>
public sealed record StabilitySample(int Run, double ElapsedSeconds, string Status, long ResidentBytes, long ManagedBytes, int Handles, int Threads);

/// <summary>The pipeline's service-level targets checked at a data multiplier.</summary>
/// <param name="At">The data multiplier.</param>
/// <param name="Checks">Each target.</param>
public sealed record SlaResult(double At, IReadOnlyList<SlaCheck> Checks)
{
    /// <summary>Whether every target was met.</summary>
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>One service-level target: its limit, what was measured, and whether it held.</summary>
public sealed record SlaCheck(string Target, string Limit, string Measured, bool Passed);
