namespace Loom.Sdk;

/// <summary>
/// Everything Loom knows about a component without running it: identity, documentation, ports and
/// parameters. Derived from the component class by <see cref="ManifestReader"/>.
/// </summary>
/// <param name="Name">Dotted lower-case name.</param>
/// <param name="Version">Semantic version.</param>
/// <param name="Category">Palette category.</param>
/// <param name="Description">What the component does.</param>
/// <param name="Example">One pipeline step using the component, in YAML flow style; empty when none is given.</param>
/// <param name="Cacheable">Whether a step's outputs may be reused for unchanged inputs and parameters (see <see cref="ComponentAttribute.Cacheable"/>).</param>
/// <param name="Inputs">Input ports in declaration order.</param>
/// <param name="Outputs">Output ports in declaration order.</param>
/// <param name="Parameters">Parameters in declaration order.</param>
/// <param name="RowWiseInput">The table input processed row by row, which a cluster may split into partitions (see <see cref="ComponentAttribute.RowWiseInput"/>); empty when none.</param>
public sealed record ComponentManifest(
    string Name,
    string Version,
    string Category,
    string Description,
    IReadOnlyList<PortManifest> Inputs,
    IReadOnlyList<PortManifest> Outputs,
    IReadOnlyList<ParameterManifest> Parameters,
    bool Cacheable = true,
    string Example = "",
    string RowWiseInput = "")
{
    /// <summary>The identity <c>name@version</c>.</summary>
    public string Identity => $"{Name}@{Version}";

    /// <summary>Finds an input port by name.</summary>
    public PortManifest? FindInput(string port) => Inputs.FirstOrDefault(p => p.Name == port);

    /// <summary>Finds an output port by name.</summary>
    public PortManifest? FindOutput(string port) => Outputs.FirstOrDefault(p => p.Name == port);

    /// <summary>Finds a parameter by name.</summary>
    public ParameterManifest? FindParameter(string name) => Parameters.FirstOrDefault(p => p.Name == name);
}
