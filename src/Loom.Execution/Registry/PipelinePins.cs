using Loom.Metadata.Records;
using Loom.Sdk;

namespace Loom.Execution.Registry;

/// <summary>
/// The versions of a pipeline (every version saved or run, by its document's name) and its pin: the version
/// scheduled and served runs use (<c>loom run --pinned NAME</c>), moved like a model's alias — compare-and-set,
/// every move on a trail, rolled back in one command.
/// </summary>
public sealed class PipelinePins(Workspace workspace)
{
    /// <summary>Every known version of the pipeline, newest first.</summary>
    /// <exception cref="RegistryNotFoundException">No version of that pipeline was saved or run.</exception>
    public async Task<IReadOnlyList<KnownPipelineVersion>> VersionsAsync(string pipeline, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, KnownPipelineVersion>(StringComparer.Ordinal);
        foreach (var saved in await workspace.Store.ListPipelineVersionsAsync(pipeline, cancellationToken).ConfigureAwait(false))
        {
            known.TryAdd(saved.Version, new KnownPipelineVersion(saved.Version, saved.Yaml, saved.CreatedAt, $"saved by {saved.Author}{(saved.Message.Length > 0 ? $": {saved.Message}" : "")}", 0));
        }

        const int Page = 500;
        for (var offset = 0; ; offset += Page)
        {
            var runs = await workspace.Store.ListRunsAsync(new RunQuery(pipeline, Limit: Page, Offset: offset), cancellationToken).ConfigureAwait(false);
            foreach (var run in runs)
            {
                known[run.PipelineVersion] = known.TryGetValue(run.PipelineVersion, out var seen)
                    ? seen with { Runs = seen.Runs + 1, FirstSeen = run.CreatedAt < seen.FirstSeen ? run.CreatedAt : seen.FirstSeen }
                    : new KnownPipelineVersion(run.PipelineVersion, run.PipelineYaml, run.CreatedAt, $"first run {run.Id} of {run.PipelineFile}", 1);
            }

            if (runs.Count < Page)
            {
                break;
            }
        }

        return known.Count > 0
            ? [.. known.Values.OrderByDescending(v => v.FirstSeen)]
            : throw new RegistryNotFoundException($"pipeline '{pipeline}' has no saved or run version in this workspace (a pipeline's name is the 'name' in its document)");
    }

    /// <summary>Pins a version (given by a unique prefix of its hash).</summary>
    public async Task<PinMove> PinAsync(string pipeline, string versionPrefix, string actor, string? reason, CancellationToken cancellationToken)
    {
        var versions = await VersionsAsync(pipeline, cancellationToken).ConfigureAwait(false);
        var matching = versions.Where(v => v.Version.StartsWith(versionPrefix, StringComparison.Ordinal)).ToList();
        var version = matching.Count switch
        {
            1 => matching[0].Version,
            0 => throw new RegistryNotFoundException($"pipeline '{pipeline}' has no version starting with '{versionPrefix}'; 'loom pipelines versions {pipeline}' lists them"),
            _ => throw new LoomException($"'{versionPrefix}' starts {matching.Count} versions of pipeline '{pipeline}'; give more of it"),
        };
        var current = await workspace.Store.GetPipelinePinAsync(pipeline, cancellationToken).ConfigureAwait(false);
        if (current == version)
        {
            throw new RegistryConflictException($"pipeline '{pipeline}' is pinned to {version[..12]} already");
        }

        return await MoveAsync(new PinMove(pipeline, current, version, "pin", actor, DateTimeOffset.UtcNow, reason), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves the pin back to the version pinned before the current one; again to go further back.</summary>
    public async Task<PinMove> RollbackAsync(string pipeline, string actor, string? reason, CancellationToken cancellationToken)
    {
        var current = await workspace.Store.GetPipelinePinAsync(pipeline, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryNotFoundException($"pipeline '{pipeline}' is not pinned; pin a version with 'loom pipelines pin {pipeline} VERSION'");
        var moves = await workspace.Store.ListPinMovesAsync(pipeline, cancellationToken).ConfigureAwait(false);
        var pinned = moves.LastOrDefault(m => m.Action == "pin" && m.To == current);
        if (pinned?.From is not { } previous)
        {
            throw new RegistryConflictException($"pipeline '{pipeline}' is pinned to {current[..12]}, and no version was pinned before; there is nothing to roll back to");
        }

        return await MoveAsync(new PinMove(pipeline, current, previous, "rollback", actor, DateTimeOffset.UtcNow, reason), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The pinned version's document, for a run.</summary>
    public async Task<KnownPipelineVersion> PinnedAsync(string pipeline, CancellationToken cancellationToken)
    {
        var pinned = await workspace.Store.GetPipelinePinAsync(pipeline, cancellationToken).ConfigureAwait(false)
            ?? throw new RegistryNotFoundException($"pipeline '{pipeline}' is not pinned; pin a version with 'loom pipelines pin {pipeline} VERSION'");
        return (await VersionsAsync(pipeline, cancellationToken).ConfigureAwait(false)).Single(v => v.Version == pinned);
    }

    private async Task<PinMove> MoveAsync(PinMove move, CancellationToken cancellationToken) =>
        await workspace.Store.MovePipelinePinAsync(move, cancellationToken).ConfigureAwait(false)
            ? move
            : throw new RegistryConflictException($"the pin of pipeline '{move.Pipeline}' was moved by someone else meanwhile; look at 'loom pipelines history {move.Pipeline}' and try again");
}

/// <summary>A version of a pipeline the workspace has seen.</summary>
/// <param name="Version">The document's hash.</param>
/// <param name="Yaml">The document.</param>
/// <param name="FirstSeen">When it was first saved or run.</param>
/// <param name="Origin">How it became known: saved (by whom, why) or first run (which, from which file).</param>
/// <param name="Runs">How many runs ran it.</param>
public sealed record KnownPipelineVersion(string Version, string Yaml, DateTimeOffset FirstSeen, string Origin, int Runs);
