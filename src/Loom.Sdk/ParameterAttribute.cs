namespace Loom.Sdk;

/// <summary>
/// Declares a settable property of a component as a parameter. The parameter's type comes from
/// the property's type and its default from the property's initial value.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ParameterAttribute(string name) : Attribute
{
    /// <summary>Parameter name as written in pipeline documents, such as <c>test_fraction</c>.</summary>
    public string Name { get; } = name;

    /// <summary>What the parameter controls.</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether a pipeline must give a value (the property's initial value is ignored).</summary>
    public bool Required { get; init; }

    /// <summary>Smallest allowed value for numbers; NaN when unbounded.</summary>
    public double Min { get; init; } = double.NaN;

    /// <summary>Largest allowed value for numbers; NaN when unbounded.</summary>
    public double Max { get; init; } = double.NaN;

    /// <summary>The allowed values of a string parameter; empty when any value is allowed.</summary>
    public string[] Choices { get; init; } = [];

    /// <summary>
    /// Marks a string parameter as the path of a file the step reads. Loom resolves a relative path
    /// against the workspace, checks the file exists before the run starts, and puts the file's content
    /// hash into the step's cache key and lineage.
    /// </summary>
    public bool InputFile { get; init; }

    /// <summary>
    /// Smallest value a hyperparameter search tries (with <see cref="SearchMax"/>); NaN when searches
    /// leave the parameter alone. The search range lies within <see cref="Min"/> and <see cref="Max"/>
    /// and is where good values usually are, not every value that is allowed.
    /// </summary>
    public double SearchMin { get; init; } = double.NaN;

    /// <summary>Largest value a hyperparameter search tries; NaN when searches leave the parameter alone.</summary>
    public double SearchMax { get; init; } = double.NaN;

    /// <summary>Whether a search samples the range on a log scale (for rates and counts spanning magnitudes).</summary>
    public bool SearchLog { get; init; }
}
