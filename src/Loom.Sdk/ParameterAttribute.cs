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
}
