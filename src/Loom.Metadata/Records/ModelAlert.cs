namespace Loom.Metadata.Records;

/// <summary>A served model version's health crossed a threshold: a field (or the prediction) started to drift.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version served.</param>
/// <param name="Field">The field, or <c>prediction</c>.</param>
/// <param name="Rules">The rules it broke, as text (<c>psi 0.41 &gt; 0.2</c>).</param>
/// <param name="At">When it was seen.</param>
/// <param name="Host">Which serving process saw it (machine and process id).</param>
public sealed record ModelAlert(string Model, int Version, string Field, string Rules, DateTimeOffset At, string Host)
{
    /// <summary>Its place in the alerts (set by the store).</summary>
    public long Id { get; init; }
}
