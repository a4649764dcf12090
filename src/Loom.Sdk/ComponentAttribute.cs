namespace Loom.Sdk;

/// <summary>Declares a class as a Loom component with its identity and documentation.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ComponentAttribute(string name, string version) : Attribute
{
    /// <summary>Dotted lower-case name such as <c>data.read-csv</c>.</summary>
    public string Name { get; } = name;

    /// <summary>Semantic version such as <c>1.0.0</c>.</summary>
    public string Version { get; } = version;

    /// <summary>Palette category such as <c>data</c>, <c>features</c>, <c>train</c>.</summary>
    public string Category { get; init; } = "";

    /// <summary>One or more sentences saying what the component does.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// Whether a step's outputs may be reused when its inputs and parameters are unchanged. False for
    /// components that read data which can change outside Loom, such as a database query: such a step
    /// always runs.
    /// </summary>
    public bool Cacheable { get; init; } = true;

    /// <summary>
    /// One pipeline step using the component, in YAML flow style, such as
    /// <c>load: { component: data.read-csv@1, params: { path: data/telco.csv } }</c>; shown in the catalog.
    /// </summary>
    public string Example { get; init; } = "";
}
