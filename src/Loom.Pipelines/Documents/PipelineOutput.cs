namespace Loom.Pipelines.Documents;

/// <summary>A named output of the whole pipeline, pointing at a step's output.</summary>
/// <param name="Name">Output name.</param>
/// <param name="Source">The step output it exposes.</param>
public sealed record PipelineOutput(string Name, PortReference Source);
