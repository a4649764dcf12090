namespace Loom.Metadata.Records;

/// <summary>A person's approval of a model version, which a gate may require before a promotion.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version approved.</param>
/// <param name="Approver">Who approved it.</param>
/// <param name="At">When.</param>
/// <param name="Comment">What they said, or null.</param>
public sealed record ModelApproval(string Model, int Version, string Approver, DateTimeOffset At, string? Comment = null);
