using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Serving.Scoring;

namespace Loom.Serving.Hosting;

/// <summary>Finds the version a reference points at in a workspace's registry, and loads its model for scoring.</summary>
public static class RegisteredModel
{
    /// <exception cref="LoomException">The model, version or alias is not registered.</exception>
    public static Task<ModelVersionRecord> FindAsync(Workspace workspace, ModelReference reference, CancellationToken cancellationToken) =>
        new ModelRegistry(workspace).FindAsync(reference.Name, reference.Selector, cancellationToken);

    /// <exception cref="LoomException">The model file is missing or is not a model Loom can serve.</exception>
    public static async Task<RowScorer> LoadAsync(Workspace workspace, ModelVersionRecord version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(version);
        var path = await workspace.Artifacts.TryGetVerifiedPathAsync(version.ArtifactSha256, cancellationToken).ConfigureAwait(false)
            ?? throw new LoomException($"{version.Name} version {version.Version}: its model file ({version.ArtifactSha256[..12]}) is missing from the artifact store (deleted, or in another artifact folder); run {version.RunId} again to make it");
        return await Task.Run(() => RowScorer.Load(path), cancellationToken).ConfigureAwait(false);
    }
}
