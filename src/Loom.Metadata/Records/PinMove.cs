namespace Loom.Metadata.Records;

/// <summary>A move of a pipeline's pin (the version scheduled and served runs use): the pin's audit trail.</summary>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="From">The version pinned before, or null.</param>
/// <param name="To">The version pinned after, or null when the pin was removed.</param>
/// <param name="Action"><c>pin</c>, <c>rollback</c> or <c>unpin</c>.</param>
/// <param name="Actor">Who.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, or null.</param>
public sealed record PinMove(string Pipeline, string? From, string? To, string Action, string Actor, DateTimeOffset At, string? Reason = null)
{
    /// <summary>Its place in the trail (set by the store).</summary>
    public long Id { get; init; }
}
