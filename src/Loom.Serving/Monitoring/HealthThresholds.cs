namespace Loom.Serving.Monitoring;

/// <summary>When a field counts as drifted, and how many rows a window needs before it is judged.</summary>
public sealed record HealthThresholds
{
    /// <summary>PSI above this is drift (0.2 is the customary "significant shift").</summary>
    public double Psi { get; init; } = 0.2;

    /// <summary>A KS or chi-square p-value below this is drift.</summary>
    public double PValue { get; init; } = 0.001;

    /// <summary>A missing-value share above the baseline's by more than this is drift.</summary>
    public double MissingIncrease { get; init; } = 0.05;

    /// <summary>A share of unseen categories above this is drift.</summary>
    public double Unseen { get; init; } = 0.05;

    /// <summary>Rows a window needs before it is judged.</summary>
    public int MinRows { get; init; } = 200;

    /// <summary>Rows a window holds (the most recent).</summary>
    public int WindowRows { get; init; } = 5_000;
}
