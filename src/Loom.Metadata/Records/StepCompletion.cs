namespace Loom.Metadata.Records;

/// <summary>Everything recorded, in one transaction, when a step succeeds.</summary>
/// <param name="Step">The step's final record.</param>
/// <param name="Attempt">The attempt that succeeded, or null for a cache hit.</param>
/// <param name="Lineage">Artifacts it read and wrote.</param>
/// <param name="Artifacts">Artifacts it wrote, to register.</param>
/// <param name="CacheOutputs">When the outputs were computed: port to hash, stored under the step's cache key.</param>
public sealed record StepCompletion(
    StepRecord Step,
    AttemptRecord? Attempt,
    IReadOnlyList<LineageRecord> Lineage,
    IReadOnlyList<ArtifactRecord> Artifacts,
    IReadOnlyDictionary<string, string>? CacheOutputs = null);
