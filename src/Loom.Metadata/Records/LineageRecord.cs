using Loom.Sdk;

namespace Loom.Metadata.Records;

/// <summary>An artifact a step of a run read (an input) or wrote (an output).</summary>
/// <param name="RunId">Run.</param>
/// <param name="Step">Step name.</param>
/// <param name="IsOutput">True for an artifact written, false for one read.</param>
/// <param name="Port">Port name.</param>
/// <param name="Sha256">Artifact hash.</param>
/// <param name="Kind">Artifact kind.</param>
public sealed record LineageRecord(string RunId, string Step, bool IsOutput, string Port, string Sha256, ArtifactKind Kind);
