namespace Loom.Metadata.Records;

/// <summary>A published version of a custom component: immutable once stored, except for its deprecation.</summary>
/// <param name="Name">Component name.</param>
/// <param name="Version">Semantic version.</param>
/// <param name="ManifestJson">Its manifest (see <c>Loom.Sdk.ManifestJson</c>).</param>
/// <param name="TypeName">The component class's full name in its assembly.</param>
/// <param name="AssemblyFile">The assembly's file name in the built package.</param>
/// <param name="PackageSha256">Artifact holding the built component (a zip of its assembly and dependencies).</param>
/// <param name="SourceSha256">Artifact holding its source as uploaded (a zip).</param>
/// <param name="ContentHash">Hash of the source files' paths and contents: the same upload again has the same hash.</param>
/// <param name="Origin">Where it came from: <c>upload</c> or <c>git</c>.</param>
/// <param name="Repository">For <c>git</c>: the repository's URL.</param>
/// <param name="RepositoryPath">For <c>git</c>: the folder in the repository, or empty for its root.</param>
/// <param name="Commit">For <c>git</c>: the commit's SHA.</param>
/// <param name="GateReportJson">The quality gate's report.</param>
/// <param name="PublishedBy">Who published it.</param>
/// <param name="PublishedAt">When.</param>
/// <param name="Deprecation">Why users should move off it, or null when it is not deprecated.</param>
public sealed record ComponentVersionRecord(
    string Name,
    string Version,
    string ManifestJson,
    string TypeName,
    string AssemblyFile,
    string PackageSha256,
    string SourceSha256,
    string ContentHash,
    string Origin,
    string? Repository,
    string? RepositoryPath,
    string? Commit,
    string GateReportJson,
    string PublishedBy,
    DateTimeOffset PublishedAt,
    string? Deprecation = null);
