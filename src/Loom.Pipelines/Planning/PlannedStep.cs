using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;

namespace Loom.Pipelines.Planning;

/// <summary>A step ready to execute: its component resolved and its parameter values typed and checked.</summary>
/// <param name="Name">Step name.</param>
/// <param name="Component">The resolved component.</param>
/// <param name="Inputs">For each bound input port, the output it reads.</param>
/// <param name="Parameters">Every parameter of the component with its canonical value (null when unset and optional).</param>
/// <param name="Timeout">Per-attempt timeout from the document, or null.</param>
/// <param name="Retries">Extra attempts for transient failures from the document, or null.</param>
public sealed record PlannedStep(
    string Name,
    ComponentRegistration Component,
    IReadOnlyDictionary<string, PortReference> Inputs,
    IReadOnlyDictionary<string, object?> Parameters,
    TimeSpan? Timeout,
    int? Retries)
{
    /// <summary>The memory limit of a custom component's worker process, or null for the workspace's default.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>Names of the steps whose outputs this step reads.</summary>
    public IEnumerable<string> DependsOn => Inputs.Values.Select(i => i.Step).Distinct();
}
