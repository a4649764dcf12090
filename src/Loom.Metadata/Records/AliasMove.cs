namespace Loom.Metadata.Records;

/// <summary>A move of a model's alias (such as <c>production</c>) from one version to another: the audit trail's entries.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Alias">The alias.</param>
/// <param name="From">The version that held the alias before, or null when none did.</param>
/// <param name="To">The version that holds it after, or null when the alias was removed.</param>
/// <param name="Action">What moved it: <c>promote</c>, <c>rollback</c> or <c>remove</c>.</param>
/// <param name="Actor">Who.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, as they said, or null.</param>
/// <param name="GateJson">The gate's report when a gate was checked, or null.</param>
public sealed record AliasMove(string Model, string Alias, int? From, int? To, string Action, string Actor, DateTimeOffset At, string? Reason = null, string? GateJson = null)
{
    /// <summary>Its place in the model's trail (set by the store).</summary>
    public long Id { get; init; }
}
