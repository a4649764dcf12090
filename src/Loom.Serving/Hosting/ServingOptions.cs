namespace Loom.Serving.Hosting;

/// <summary>How <c>loom serve</c> listens, follows the registry and protects itself from load it cannot take.</summary>
public sealed record ServingOptions
{
    /// <summary>Where the host listens when no address is given.</summary>
    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Addresses to listen on, separated by ';'.</summary>
    public string Urls { get; init; } = DefaultUrls;

    /// <summary>How often the registry is asked where each served reference points.</summary>
    public TimeSpan Poll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most predict requests scored at once; more wait in the queue.</summary>
    public int MaxConcurrency { get; init; } = Math.Max(4, Environment.ProcessorCount * 4);

    /// <summary>Most predict requests waiting for a turn; beyond it a request gets 503 with Retry-After.</summary>
    public int QueueLimit { get; init; } = 256;

    /// <summary>Longest a predict request may take, waiting included; beyond it, 503.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest request body, in bytes; beyond it, 413.</summary>
    public long MaxBodyBytes { get; init; } = 8L << 20;

    /// <summary>Candidates that answer a share of a served model's requests, at most one per model.</summary>
    public IReadOnlyList<CanaryRoute> Canaries { get; init; } = [];

    /// <summary>When a served version's traffic counts as drifted from its training data.</summary>
    public Monitoring.HealthThresholds Health { get; init; } = new();

    /// <summary>How often each served version's health is judged for alerts.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long health snapshots are kept in the metadata store.</summary>
    public TimeSpan HealthRetention { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Where alerts are posted as JSON, or null.</summary>
    public Uri? AlertWebhook { get; init; }

    /// <summary>The share of scored rows (0 to 1) kept with their predictions in the artifact folder's <c>logs/predictions/</c>; 0 keeps none.</summary>
    public double LogSample { get; init; }

    /// <summary>How long kept rows are kept.</summary>
    public TimeSpan LogRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How often kept rows are written out.</summary>
    public TimeSpan LogFlush { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a single-row request may wait for others to be scored with it; zero scores each at once.</summary>
    public TimeSpan MicroBatch { get; init; }

    /// <summary>Most rows in one batch request; beyond it, 413.</summary>
    public int MaxBatchRows { get; init; } = 10_000;
}
