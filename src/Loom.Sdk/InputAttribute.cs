namespace Loom.Sdk;

/// <summary>Declares an input port of a component.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class InputAttribute(string name, ArtifactKind kind) : Attribute
{
    /// <summary>Port name, unique among the component's inputs.</summary>
    public string Name { get; } = name;

    /// <summary>Artifact kind the port accepts.</summary>
    public ArtifactKind Kind { get; } = kind;

    /// <summary>What the port is for.</summary>
    public string Description { get; init; } = "";

    /// <summary>Whether a pipeline may leave the port unbound.</summary>
    public bool Optional { get; init; }
}
