namespace Loom.Metadata.Records;

/// <summary>One try at running a step.</summary>
/// <param name="RunId">Run.</param>
/// <param name="Step">Step name.</param>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="Status">Running, Succeeded, Failed or Cancelled.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended.</param>
/// <param name="Error">Why it failed.</param>
public sealed record AttemptRecord(string RunId, string Step, int Number, StepStatus Status, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);
