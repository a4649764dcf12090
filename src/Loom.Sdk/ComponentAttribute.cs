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
    /// The table input this component treats row by row, or empty: each output table's rows come from that
    /// table's rows one at a time, in order, with nothing carried from one batch of rows to the next (as scoring,
    /// a derived column or a filter do). On a cluster, a large table on that input is split into partitions of
    /// whole row groups run on several nodes at once, and each output is their outputs joined in order. Every
    /// output must be a table.
    /// </summary>
    public string RowWiseInput { get; init; } = "";

    /// <summary>
    /// One pipeline step using the component, in YAML flow style, such as
    /// <c>load: { component: data.read-csv@1, params: { path: data/telco.csv } }</c>; shown in the catalog.
    /// </summary>
    public string Example { get; init; } = "";
}
