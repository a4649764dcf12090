namespace Loom.Metadata.Artifacts;

/// <summary>
/// Immutable, content-addressed storage for artifacts. Writes are all-or-nothing; reads are verified
/// against the hash. A local folder now; a shared folder or object store behind the same interface later.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores the bytes <paramref name="write"/> produces, under their SHA-256.</summary>
    Task<StoredArtifact> PutAsync(Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns a local path to the artifact after checking its content against its hash, or null when it
    /// is missing or corrupt (a corrupt copy is removed so it can be recomputed).
    /// </summary>
    Task<string?> TryGetVerifiedPathAsync(string sha256, CancellationToken cancellationToken = default);
}
