namespace Loom.Sdk;

/// <summary>An input artifact handed to a step: a verified, read-only local file.</summary>
/// <param name="Port">Input port it is bound to.</param>
/// <param name="Kind">Artifact kind.</param>
/// <param name="Sha256">Content hash (lower-case hex).</param>
/// <param name="Path">Local path of the file; never write to it.</param>
public sealed record InputArtifact(string Port, ArtifactKind Kind, string Sha256, string Path)
{
    /// <summary>Opens the artifact for reading: the way a component reads an input (it never reaches files directly).</summary>
    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
}
