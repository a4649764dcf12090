namespace Loom.Sdk;

/// <summary>Declares an output port of a component.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class OutputAttribute(string name, ArtifactKind kind) : Attribute
{
    /// <summary>Port name, unique among the component's outputs.</summary>
    public string Name { get; } = name;

    /// <summary>Artifact kind the port produces.</summary>
    public ArtifactKind Kind { get; } = kind;

    /// <summary>What the port holds.</summary>
    public string Description { get; init; } = "";

    /// <summary>For <see cref="ArtifactKind.File"/> outputs: the file name extension without the dot (such as <c>onnx</c>), used when the artifact is copied out.</summary>
    public string? Extension { get; init; }
}
