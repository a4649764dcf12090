namespace Loom.Metadata.Artifacts;

/// <summary>An artifact as it lies in an artifact store.</summary>
/// <param name="Sha256">Content hash, lower-case hex.</param>
/// <param name="Size">Size in bytes.</param>
public sealed record StoredArtifact(string Sha256, long Size);
