using Loom.Sdk;

namespace Loom.Pipelines.Documents;

/// <summary>A parameter a pipeline declares, whose value is given per run.</summary>
/// <param name="Name">Name used in <c>${params.name}</c>.</param>
/// <param name="Type">Value type.</param>
/// <param name="Default">Default value, or null when a run must give one.</param>
/// <param name="Description">What the parameter is for.</param>
/// <param name="Location">Where it is declared.</param>
public sealed record PipelineParameter(string Name, ParameterType Type, RawValue? Default, string Description, SourceLocation Location);
