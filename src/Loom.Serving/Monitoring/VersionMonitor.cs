using Loom.Serving.Scoring;

namespace Loom.Serving.Monitoring;

/// <summary>
/// Watches one served version: every scored row joins a window of recent traffic, which <see cref="Report"/>
/// judges against the training baseline (recomputed at most every few seconds, so scrapes and polls stay cheap).
/// </summary>
public sealed class VersionMonitor
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(2);
    private readonly IReadOnlyList<ServingColumn> fields;
    private readonly string task;
    private readonly LiveWindow window;
    private readonly Lock gate = new();
    private HealthReport? last;

    internal VersionMonitor(string model, int version, RowScorer scorer, Baseline? baseline, HealthThresholds thresholds)
    {
        Model = model;
        Version = version;
        fields = [.. scorer.Parser.Fields];
        task = scorer.Card.Task;
        Baseline = baseline;
        Thresholds = thresholds;
        window = new LiveWindow(thresholds.WindowRows);
    }

    /// <summary>The model.</summary>
    public string Model { get; }

    /// <summary>The version watched.</summary>
    public int Version { get; }

    /// <summary>The training data's distributions, or null when the version's training table could not be found.</summary>
    public Baseline? Baseline { get; }

    /// <summary>When a field counts as drifted.</summary>
    public HealthThresholds Thresholds { get; }

    /// <summary>Rows scored by this version since it was loaded.</summary>
    public long Observed => window.Added;

    internal void Observe(IReadOnlyList<object> values, Prediction prediction) => window.Add(Observation.Of(fields, values, prediction, task));

    /// <summary>The window judged against the baseline (at most a couple of seconds old).</summary>
    public HealthReport Report()
    {
        lock (gate)
        {
            if (last is null || DateTimeOffset.UtcNow - last.At > Fresh)
            {
                last = HealthCheck.Judge(Model, Version, Baseline, window.Snapshot(), Thresholds);
            }

            return last;
        }
    }
}
