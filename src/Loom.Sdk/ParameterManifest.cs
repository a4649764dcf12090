namespace Loom.Sdk;

/// <summary>A parameter as described in a component manifest.</summary>
/// <param name="Name">Parameter name as written in pipeline documents.</param>
/// <param name="Type">Value type.</param>
/// <param name="Description">What the parameter controls.</param>
/// <param name="Required">Whether a pipeline must give a value.</param>
/// <param name="Default">Default value (string, long, double, bool or string list), or null for none.</param>
/// <param name="Min">Smallest allowed number, or null.</param>
/// <param name="Max">Largest allowed number, or null.</param>
/// <param name="Choices">Allowed string values; empty when any value is allowed.</param>
/// <param name="InputFile">Whether the value is the path of a file the step reads.</param>
/// <param name="Search">The range a hyperparameter search tries, or null when searches leave the parameter alone.</param>
public sealed record ParameterManifest(
    string Name,
    ParameterType Type,
    string Description,
    bool Required,
    object? Default,
    double? Min,
    double? Max,
    IReadOnlyList<string> Choices,
    bool InputFile = false,
    SearchRange? Search = null);

/// <summary>Where a hyperparameter search looks for a parameter's value.</summary>
/// <param name="Min">Smallest value tried.</param>
/// <param name="Max">Largest value tried.</param>
/// <param name="Log">Whether values are drawn uniformly on a log scale.</param>
public sealed record SearchRange(double Min, double Max, bool Log);
