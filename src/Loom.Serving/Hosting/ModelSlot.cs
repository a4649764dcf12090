using Loom.Metadata.Records;
using Loom.Serving.Monitoring;
using Loom.Serving.Scoring;

namespace Loom.Serving.Hosting;

/// <summary>A version loaded and ready to score: what a request takes, once, at its start.</summary>
/// <param name="Version">The registered version.</param>
/// <param name="Scorer">Its loaded model.</param>
/// <param name="LoadedAt">When it started serving.</param>
/// <param name="Monitor">Its traffic against its training baseline.</param>
public sealed record ModelSlot(ModelVersionRecord Version, RowScorer Scorer, DateTimeOffset LoadedAt, VersionMonitor Monitor)
{
    /// <summary>Gathers concurrent single rows when micro-batching is on (<see cref="ServingOptions.MicroBatch"/>), else null.</summary>
    internal MicroBatcher? Batcher { get; init; }
}
