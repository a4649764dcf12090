namespace Loom.Pipelines.Documents;

/// <summary>A parameter value written on a step, possibly containing <c>${params.x}</c>.</summary>
/// <param name="Name">Component parameter name.</param>
/// <param name="Value">The value as written.</param>
/// <param name="Location">Where it is written.</param>
public sealed record ParameterSetting(string Name, RawValue Value, SourceLocation Location);
