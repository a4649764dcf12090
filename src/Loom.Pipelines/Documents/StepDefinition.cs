namespace Loom.Pipelines.Documents;

/// <summary>One use of a component in a pipeline.</summary>
/// <param name="Name">Step name, unique in the pipeline.</param>
/// <param name="Component">Component name.</param>
/// <param name="VersionSpec">Version as written after '@' (<c>1</c>, <c>1.2</c>, <c>1.2.3</c>), or null for the newest.</param>
/// <param name="Inputs">Input bindings.</param>
/// <param name="Parameters">Parameter values.</param>
/// <param name="Timeout">Longest time one attempt may take, or null for the executor's default.</param>
/// <param name="Retries">Extra attempts after a transient failure, or null for the executor's default.</param>
/// <param name="Location">Where the step is declared.</param>
public sealed record StepDefinition(
    string Name,
    string Component,
    string? VersionSpec,
    IReadOnlyList<InputBinding> Inputs,
    IReadOnlyList<ParameterSetting> Parameters,
    TimeSpan? Timeout,
    int? Retries,
    SourceLocation Location)
{
    /// <summary>The memory limit of a custom component's worker process, or null for the workspace's default.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>The component reference as written.</summary>
    public string ComponentReference => VersionSpec is null ? Component : $"{Component}@{VersionSpec}";
}
