using System.Security.Cryptography;
using Loom.Execution.Registry;
using Loom.Metadata;
using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Pipelines.Validation;
using Loom.Sdk;

namespace Loom.Execution.Steps;

/// <summary>
/// Resolves parameters marked <see cref="ParameterAttribute.InputFile"/>: relative paths against the
/// workspace, existence checked before a run starts, content hashed into cache key and lineage. A value
/// <c>models:/NAME@ALIAS</c> (or <c>@VERSION</c>, or no selector for the latest) names a registered model instead:
/// checked before the run starts, and resolved when its step starts to the version's file in the artifact store.
/// </summary>
internal static class InputFiles
{
    /// <summary>Lineage port name under which a file parameter's content hash is recorded.</summary>
    public static string PortOf(string parameter) => $"params.{parameter}";

    /// <summary>
    /// Checks every input file of a plan exists (and, when <paramref name="confine"/>, lies inside
    /// <paramref name="baseDirectory"/>); reports all problems at once with file and line.
    /// </summary>
    public static async Task CheckExistAsync(PipelinePlan plan, string baseDirectory, bool confine, IMetadataStore store, CancellationToken cancellationToken)
    {
        var errors = new List<PipelineError>();
        var inside = Path.TrimEndingDirectorySeparator(Path.GetFullPath(baseDirectory)) + Path.DirectorySeparatorChar;
        foreach (var step in plan.Steps)
        {
            foreach (var (name, path) in FileParameters(step))
            {
                var full = Path.GetFullPath(path, baseDirectory);
                var definition = plan.Document.Steps.First(s => s.Name == step.Name);
                var at = definition.Parameters.FirstOrDefault(p => p.Name == name)?.Location ?? definition.Location;
                if (ModelLookup.IsReference(path))
                {
                    try
                    {
                        await ModelLookup.FindAsync(store, path, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RegistryNotFoundException e)
                    {
                        errors.Add(new PipelineError(at, step.Name, name, $"'{path}': {e.Message}"));
                    }
                }
                else if (confine && !full.StartsWith(inside, StringComparison.Ordinal))
                {
                    errors.Add(new PipelineError(at, step.Name, name, $"input file '{path}' is outside the workspace; give a path relative to the workspace, inside it"));
                }
                else if (!File.Exists(full))
                {
                    var shown = confine ? Path.GetRelativePath(baseDirectory, full) : full;
                    errors.Add(new PipelineError(at, step.Name, name, $"input file '{path}' does not exist (looked for {shown})"));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new PipelineValidationException(errors);
        }
    }

    /// <summary>Returns the step with absolute paths, and the content hash of each input file as lineage.</summary>
    public static async Task<(PlannedStep Step, List<LineageRecord> Files)> ResolveAsync(PlannedStep step, string runId, string baseDirectory, IMetadataStore store, IArtifactStore artifacts, CancellationToken cancellationToken)
    {
        var files = new List<LineageRecord>();
        var parameters = new Dictionary<string, object?>(step.Parameters);
        foreach (var (name, path) in FileParameters(step))
        {
            if (ModelLookup.IsReference(path))
            {
                ModelVersionRecord version;
                try
                {
                    version = await ModelLookup.FindAsync(store, path, cancellationToken).ConfigureAwait(false);
                }
                catch (RegistryNotFoundException e)
                {
                    throw new LoomException($"step '{step.Name}': '{path}': {e.Message}");
                }

                parameters[name] = await artifacts.TryGetVerifiedPathAsync(version.ArtifactSha256, cancellationToken).ConfigureAwait(false)
                    ?? throw new LoomException($"step '{step.Name}': '{path}' is {version.Name} version {version.Version}, whose model file is missing from the artifact store; run {version.RunId} again to make it");
                files.Add(new LineageRecord(runId, step.Name, false, PortOf(name), version.ArtifactSha256, ArtifactKind.Model));
                continue;
            }

            var full = Path.GetFullPath(path, baseDirectory);
            string sha;
            try
            {
                await using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LoomException($"step '{step.Name}': cannot read input file '{path}' ({full}): {e.Message}");
            }

            parameters[name] = full;
            files.Add(new LineageRecord(runId, step.Name, false, PortOf(name), sha, ArtifactKind.File));
        }

        return (step with { Parameters = parameters }, files);
    }

    private static IEnumerable<(string Name, string Path)> FileParameters(PlannedStep step) =>
        step.Component.Manifest.Parameters
            .Where(p => p.InputFile && step.Parameters.GetValueOrDefault(p.Name) is string)
            .Select(p => (p.Name, (string)step.Parameters[p.Name]!));
}
