using System.Text.Json;
using Loom.Execution.Steps;
using Loom.Metadata;
using Loom.Metadata.Artifacts;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Loom.Sdk.Tables;

namespace Loom.Execution.Distribution;

/// <summary>
/// Runs attempts another process scheduled (a cluster node's side of <see cref="IAttemptHost"/>): plans the run's
/// pipeline again, finds the step, reads its inputs from the shared artifact store and runs its component here,
/// writing its outputs and log lines to the shared stores. Records nothing else: the scheduling process does.
/// </summary>
/// <param name="store">The metadata store the attempt's log lines go to.</param>
/// <param name="artifacts">The shared artifact store.</param>
/// <param name="catalog">The components this node can run.</param>
/// <param name="options">Limits for custom components.</param>
/// <param name="stateFolder">Where scratch folders and unpacked component packages go.</param>
/// <param name="refreshCatalog">Brings <paramref name="catalog"/> up to date with the components published since (when a run needs one it lacks), or null.</param>
public sealed class AttemptExecutor(IMetadataStore store, IArtifactStore artifacts, ComponentCatalog catalog, ExecutorOptions options, string stateFolder, Func<CancellationToken, Task>? refreshCatalog = null)
{
    private static readonly IRunObserver Silent = new SilentObserver();

    /// <summary>Runs the attempt to its end; failures are in the outcome, not thrown.</summary>
    /// <param name="work">What to run.</param>
    /// <param name="observer">Told the attempt's log lines and progress as they come (they are recorded in the store as well), or null.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    public async Task<AttemptOutcome> RunAsync(AttemptWork work, IRunObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var scratchRoot = Path.Combine(stateFolder, "scratch", work.RunId);
        var filesFolder = Path.Combine(scratchRoot, $"{work.Step}-{work.Attempt}-files-{Guid.NewGuid():N}");
        try
        {
            var (plan, step) = await PlanAsync(work, cancellationToken).ConfigureAwait(false);
            var parameters = new Dictionary<string, object?>(step.Parameters);
            foreach (var file in work.Files)
            {
                parameters[file.Parameter] = await LinkAsync(file, filesFolder, cancellationToken).ConfigureAwait(false);
            }

            var inputs = new Dictionary<string, InputArtifact>();
            foreach (var input in work.Inputs)
            {
                var path = await artifacts.TryGetVerifiedPathAsync(input.Sha256, cancellationToken).ConfigureAwait(false)
                    ?? throw new LoomException($"step '{work.Step}': input '{input.Port}' (artifact {input.Sha256[..12]}) is not in the artifact store this node sees; every node needs the same shared artifact folder");
                inputs[input.Port] = new InputArtifact(input.Port, input.Kind, input.Sha256, path);
            }

            if (work.Slice is { } slice && inputs.TryGetValue(slice.Port, out var whole))
            {
                inputs[slice.Port] = whole with { Path = await SliceAsync(whole.Path, slice, filesFolder, cancellationToken).ConfigureAwait(false) };
            }

            var scope = new RunScope(work.RunId, plan, store, artifacts, options, observer ?? Silent, scratchRoot, Path.Combine(stateFolder, "components"), work.PipelineYaml, work.ParametersJson);
            return await AttemptBody.RunAsync(scope, step with { Parameters = parameters }, work.Attempt, inputs, work.Seed, cancellationToken).ConfigureAwait(false);
        }
        catch (LoomException e)
        {
            return AttemptOutcome.Failed(e.Message, e.IsTransient);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return AttemptOutcome.Stopped;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return AttemptOutcome.Failed($"on this node: {e.GetType().Name}: {e.Message}", transient: false);
        }
        finally
        {
            Folders.TryDelete(filesFolder);
        }
    }

    /// <summary>
    /// The run planned again here, and its step — with the very component the scheduling process resolved: a
    /// version published since this node started is looked up, and a node that resolves another version refuses.
    /// </summary>
    private async Task<(PipelinePlan Plan, PlannedStep Step)> PlanAsync(AttemptWork work, CancellationToken cancellationToken)
    {
        var given = JsonSerializer.Deserialize<Dictionary<string, string>>(work.ParametersJson) ?? [];
        for (var refreshed = false; ; refreshed = true)
        {
            PipelinePlan? plan = null;
            try
            {
                plan = PipelinePlanner.Plan(PipelineParser.Parse(work.PipelineYaml, work.PipelineFile), catalog, given);
            }
            catch (LoomException) when (!refreshed && refreshCatalog is not null)
            {
                // Perhaps a component published after this node started.
            }

            var step = plan?.Steps.FirstOrDefault(s => s.Name == work.Step);
            if (plan is not null && step is null)
            {
                throw new LoomException($"run {work.RunId}'s pipeline has no step '{work.Step}'");
            }

            if (step is not null && (work.Component.Length == 0 || step.Component.Manifest.Identity == work.Component))
            {
                return (plan!, step);
            }

            if (refreshed || refreshCatalog is null)
            {
                throw new LoomException($"step '{work.Step}' needs component {work.Component}, but this node resolves {step?.Component.Manifest.Identity ?? "none"}; run the same Loom version on every node and client");
            }

            await refreshCatalog(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The partition's row groups of a table, as a table of their own in this attempt's folder.</summary>
    private static async Task<string> SliceAsync(string path, WorkSlice slice, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var part = Path.Combine(folder, $"{slice.Port}-{slice.FirstBatch}.parquet");
        await using var reader = await TableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        if (slice.FirstBatch < 0 || slice.Batches < 1 || slice.FirstBatch + slice.Batches > reader.BatchCount)
        {
            throw new LoomException($"partition of row groups {slice.FirstBatch} to {slice.FirstBatch + slice.Batches - 1} is outside input '{slice.Port}' ({reader.BatchCount} row groups)");
        }

        await using var file = File.Create(part);
        await using var writer = new TableWriter(file, reader.Roles);
        for (var batch = slice.FirstBatch; batch < slice.FirstBatch + slice.Batches; batch++)
        {
            await writer.WriteAsync(await reader.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        return part;
    }

    /// <summary>The input file under its own name in a folder of this attempt, linked to its content in the artifact store.</summary>
    private async Task<string> LinkAsync(WorkFile file, string folder, CancellationToken cancellationToken)
    {
        var content = await artifacts.TryGetVerifiedPathAsync(file.Sha256, cancellationToken).ConfigureAwait(false)
            ?? throw new LoomException($"input file '{file.FileName}' (artifact {file.Sha256[..12]}) is not in the artifact store this node sees; every node needs the same shared artifact folder");
        var name = Path.GetFileName(file.FileName);
        var link = Path.Combine(folder, $"{file.Parameter}-{file.Sha256[..12]}", name.Length == 0 ? file.Sha256 : name);
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, content);
        }

        return link;
    }

    private sealed class SilentObserver : IRunObserver;
}
