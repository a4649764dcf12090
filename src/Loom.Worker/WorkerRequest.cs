using Loom.Sdk;

namespace Loom.Worker;

/// <summary>What the parent asks a worker process to do, sent as one JSON document on its standard input.</summary>
/// <param name="Action"><c>describe</c> (the manifests of the components in an assembly) or <c>run</c> (one step).</param>
/// <param name="AssemblyPath">The component's built assembly; its dependencies lie next to it.</param>
/// <param name="TypeName">For <c>run</c>: the component class's full name.</param>
/// <param name="StepName">For <c>run</c>: the step's name in its pipeline.</param>
/// <param name="Seed">For <c>run</c>: the step's seed.</param>
/// <param name="ParametersJson">For <c>run</c>: the step's parameter values (see <see cref="ManifestJson.WriteValues"/>).</param>
/// <param name="Inputs">For <c>run</c>: the artifacts bound to the input ports, as read-only files.</param>
/// <param name="Folder">For <c>run</c>: the folder the outputs and the scratch folder go in.</param>
public sealed record WorkerRequest(
    string Action,
    string AssemblyPath,
    string? TypeName = null,
    string StepName = "step",
    int Seed = 0,
    string? ParametersJson = null,
    IReadOnlyList<WorkerInput>? Inputs = null,
    string? Folder = null)
{
    /// <summary>The action that lists an assembly's components.</summary>
    public const string Describe = "describe";

    /// <summary>The action that runs one step.</summary>
    public const string Run = "run";
}

/// <summary>An input artifact as the worker gets it.</summary>
/// <param name="Port">Input port.</param>
/// <param name="Kind">Artifact kind.</param>
/// <param name="Sha256">Content hash.</param>
/// <param name="Path">The file; read only.</param>
public sealed record WorkerInput(string Port, ArtifactKind Kind, string Sha256, string Path);
