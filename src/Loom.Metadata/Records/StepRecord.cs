namespace Loom.Metadata.Records;

/// <summary>The state of one step in one run.</summary>
/// <param name="RunId">Run it belongs to.</param>
/// <param name="Name">Step name.</param>
/// <param name="Component">Component identity <c>name@version</c>.</param>
/// <param name="Status">Current status.</param>
/// <param name="CacheKey">Cache key, once its inputs are known.</param>
/// <param name="CacheHit">Whether its outputs were reused from an earlier computation.</param>
/// <param name="Attempts">How many attempts were started.</param>
/// <param name="StartedAt">When it started, if it has.</param>
/// <param name="FinishedAt">When it ended, if it has.</param>
/// <param name="Error">Why it failed, if it did.</param>
public sealed record StepRecord(
    string RunId,
    string Name,
    string Component,
    StepStatus Status,
    string? CacheKey,
    bool CacheHit,
    int Attempts,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error)
{
    /// <summary>How long the step took, when it has finished.</summary>
    public TimeSpan? Duration => FinishedAt - StartedAt;
}
