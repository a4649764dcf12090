using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Loom.Serving.Hosting;

/// <summary>
/// What the host counts, exported at <c>/metrics</c> in Prometheus text: rows scored and request durations per model
/// and version, refusals by reason, version switches, and the version each model serves.
/// </summary>
public sealed class ServingMetrics : IDisposable
{
    /// <summary>The meter's name, which the exporter listens to.</summary>
    public const string MeterName = "Loom.Serving";

    private readonly Meter meter = new(MeterName);
    private readonly Counter<long> rows;
    private readonly Histogram<double> duration;
    private readonly Counter<long> refused;
    private readonly Counter<long> switches;

    /// <param name="host">The models served, for the gauges.</param>
    public ServingMetrics(Func<ModelHost> host)
    {
        rows = meter.CreateCounter<long>("loom.serving.rows", description: "Rows scored, by model and version.");
        duration = meter.CreateHistogram<double>("loom.serving.predict.duration", unit: "s", description: "Time to read, check and score a predict request, by model, version and kind (row or batch).");
        refused = meter.CreateCounter<long>("loom.serving.refused", description: "Predict requests refused, by model and reason (invalid, too_large, unsupported, not_ready).");
        switches = meter.CreateCounter<long>("loom.serving.switches", description: "Times a model switched to another version (promotion, rollback, new registration).");
        meter.CreateObservableGauge("loom.serving.version", () => host().Models.Where(m => m.Current is not null).Select(m => new Measurement<long>(m.Current!.Version.Version, new KeyValuePair<string, object?>("model", m.Name))), description: "The version each model serves.");
        meter.CreateObservableCounter("loom.serving.micro_batches", () => host().Slots.Where(s => s.Batcher is not null).Select(s => new Measurement<long>(s.Batcher!.Batches, new TagList { { "model", s.Version.Name }, { "version", s.Version.Version } })), description: "Gatherings of single-row requests scored together (with --micro-batch), by model and version.");
        meter.CreateObservableGauge("loom.serving.drift.psi", () => Fields(host()).Select(f => new Measurement<double>(f.Field.Psi, f.Tags)), description: "Population stability index of each field (and the prediction) of the recent traffic against the training data, by model, version and field.");
        meter.CreateObservableGauge("loom.serving.drift.missing_share", () => Fields(host()).Select(f => new Measurement<double>(f.Field.MissingShare, f.Tags)), description: "Share of recent rows without a value, by model, version and field.");
        meter.CreateObservableGauge("loom.serving.drift.drifted_fields", () => host().Slots.Select(s => new Measurement<long>(s.Monitor.Report().Fields.Count(f => f.Drifted.Count > 0), new TagList { { "model", s.Version.Name }, { "version", s.Version.Version } })), description: "Fields whose recent traffic breaks a drift rule, by model and version.");
    }

    private static IEnumerable<(Monitoring.FieldHealth Field, TagList Tags)> Fields(ModelHost host) =>
        host.Slots.SelectMany(s => s.Monitor.Report().Fields.Select(f => (f, new TagList { { "model", s.Version.Name }, { "version", s.Version.Version }, { "field", f.Name } })));

    /// <summary>Counts rows scored by one request and its duration.</summary>
    public void Scored(string model, int version, int count, bool batch, TimeSpan elapsed)
    {
        var tags = new TagList { { "model", model }, { "version", version } };
        rows.Add(count, tags);
        tags.Add("kind", batch ? "batch" : "row");
        duration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Counts a refused request, with why.</summary>
    public void Refused(string model, string reason) => refused.Add(1, new TagList { { "model", model }, { "reason", reason } });

    /// <summary>Counts a switch to another version.</summary>
    public void Switched(string model) => switches.Add(1, new KeyValuePair<string, object?>("model", model));

    /// <inheritdoc/>
    public void Dispose() => meter.Dispose();
}
