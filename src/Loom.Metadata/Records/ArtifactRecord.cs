using Loom.Sdk;

namespace Loom.Metadata.Records;

/// <summary>An artifact known to the metadata store.</summary>
/// <param name="Sha256">Content hash, lower-case hex.</param>
/// <param name="Kind">Artifact kind.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="CreatedAt">When it was first stored.</param>
public sealed record ArtifactRecord(string Sha256, ArtifactKind Kind, long Size, DateTimeOffset CreatedAt);
