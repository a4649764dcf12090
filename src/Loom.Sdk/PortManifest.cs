namespace Loom.Sdk;

/// <summary>An input or output port as described in a component manifest.</summary>
/// <param name="Name">Port name.</param>
/// <param name="Kind">Artifact kind the port carries.</param>
/// <param name="Description">What the port is for.</param>
/// <param name="Optional">For inputs: whether the port may be left unbound.</param>
/// <param name="Extension">For file outputs: the file name extension without the dot, when the component declares one.</param>
public sealed record PortManifest(string Name, ArtifactKind Kind, string Description, bool Optional = false, string? Extension = null);
