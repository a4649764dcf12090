namespace Loom.Metadata.Records;

/// <summary>A served model version's health at one moment, kept so its history can be charted.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version served.</param>
/// <param name="At">When it was judged.</param>
/// <param name="Status"><c>ok</c> or <c>drift</c>.</param>
/// <param name="Json">The report: its window size and each field's numbers, as JSON.</param>
public sealed record ModelHealthSnapshot(string Model, int Version, DateTimeOffset At, string Status, string Json);
