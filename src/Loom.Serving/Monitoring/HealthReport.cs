namespace Loom.Serving.Monitoring;

/// <summary>How one field (or the prediction) of the window compares with the training baseline.</summary>
/// <param name="Name">The field, or <c>prediction</c>.</param>
/// <param name="Kind"><c>numeric</c> or <c>categorical</c>.</param>
/// <param name="Psi">Population stability index of the window against the baseline.</param>
/// <param name="KsStatistic">For numbers: the Kolmogorov–Smirnov distance; null for categories.</param>
/// <param name="PValue">For numbers: the KS test's p-value; for categories: the chi-square test's.</param>
/// <param name="MissingShare">The window's share of rows without a value.</param>
/// <param name="BaselineMissingShare">The training data's.</param>
/// <param name="UnseenShare">For categories: the window's share of values the training data never had; null for numbers.</param>
/// <param name="Drifted">The rules this field breaks now (empty when none).</param>
public sealed record FieldHealth(string Name, string Kind, double Psi, double? KsStatistic, double PValue, double MissingShare, double BaselineMissingShare, double? UnseenShare, IReadOnlyList<string> Drifted);

/// <summary>A served version's health: its window of traffic against its training baseline, field by field.</summary>
/// <param name="Model">The model.</param>
/// <param name="Version">The version.</param>
/// <param name="At">When it was computed.</param>
/// <param name="Status"><c>ok</c>, <c>drift</c> (a rule is broken), <c>collecting</c> (fewer rows than the window needs to judge), or <c>no_baseline</c>.</param>
/// <param name="WindowRows">Rows in the window.</param>
/// <param name="BaselineRows">Training rows in the baseline.</param>
/// <param name="Fields">Each field, then the prediction.</param>
/// <param name="Detail">Why there is no judgement, or which rules are broken.</param>
public sealed record HealthReport(string Model, int Version, DateTimeOffset At, string Status, int WindowRows, long BaselineRows, IReadOnlyList<FieldHealth> Fields, string Detail);
