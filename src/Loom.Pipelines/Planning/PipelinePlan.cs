using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Planning;

/// <summary>A validated pipeline with concrete parameter values, its steps in an order that respects dependencies.</summary>
/// <param name="Document">The document it was planned from.</param>
/// <param name="Version">Hash of the normalized document: the pipeline version.</param>
/// <param name="ParameterValues">Value of every pipeline parameter for this run.</param>
/// <param name="Steps">Steps in topological order.</param>
public sealed record PipelinePlan(
    PipelineDocument Document,
    string Version,
    IReadOnlyDictionary<string, object?> ParameterValues,
    IReadOnlyList<PlannedStep> Steps)
{
    /// <summary>Finds a step by name.</summary>
    public PlannedStep Step(string name) => Steps.First(s => s.Name == name);
}
