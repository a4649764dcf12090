using System.Security.Cryptography;
using System.Text.Json;
using Loom.Execution.Steps;
using Loom.Metadata;
using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.Execution;

/// <summary>
/// The embedded executor: runs ready steps in parallel in this process, writing every state change to
/// the metadata store before acting on it, so a killed process can be resumed.
/// </summary>
public sealed class LocalExecutor : IExecutor
{
    private readonly IMetadataStore store;
    private readonly IArtifactStore artifacts;
    private readonly ComponentCatalog catalog;
    private readonly ExecutorOptions options;
    private readonly string scratchRoot;
    private readonly string packagesRoot;
    private readonly string locks;

    /// <summary>Creates an executor over a workspace's stores; <paramref name="stateFolder"/> holds scratch folders and run locks.</summary>
    public LocalExecutor(IMetadataStore store, IArtifactStore artifacts, ComponentCatalog catalog, ExecutorOptions options, string stateFolder)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (this.store, this.artifacts, this.catalog, this.options) = (store, artifacts, catalog, options);
        (scratchRoot, locks, packagesRoot) = (Path.Combine(stateFolder, "scratch"), Path.Combine(stateFolder, "locks"), Path.Combine(stateFolder, "components"));
    }

    /// <summary>Whether a run recorded as running has no process executing it any more (it died): it can only be resumed.</summary>
    public static bool IsInterrupted(RunRecord run, string stateFolder)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Status == RunStatus.Running && !RunLock.IsHeld(Path.Combine(stateFolder, "locks"), run.Id);
    }

    /// <inheritdoc />
    public async Task<RunResult> RunAsync(RunRequest request, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = request.Plan;
        await InputFiles.CheckExistAsync(plan, options.BaseDirectory, options.ConfineInputFiles, store, cancellationToken).ConfigureAwait(false);
        var run = new RunRecord(
            NewRunId(), plan.Document.Name, plan.Version, plan.Document.SourceFile, request.PipelineYaml,
            JsonSerializer.Serialize(request.GivenParameters), RunStatus.Running, options.TimeProvider.GetUtcNow(), null, null, request.GitCommit, RunOwner.Current);
        var steps = plan.Steps.Select(s => new StepRecord(run.Id, s.Name, s.Component.Manifest.Identity, StepStatus.Pending, null, false, 0, null, null, null)).ToList();
        using var runLock = RunLock.TryAcquire(locks, run.Id) ?? throw new LoomException($"cannot lock new run {run.Id}");
        await store.CreateRunAsync(run, steps, CancellationToken.None).ConfigureAwait(false);
        return await ExecuteAsync(run, plan, steps, new Dictionary<string, IReadOnlyDictionary<string, LineageRecord>>(), observer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RunResult> ResumeAsync(string runId, IRunObserver? observer = null, CancellationToken cancellationToken = default)
    {
        var run = await store.FindRunAsync(runId, cancellationToken).ConfigureAwait(false)
            ?? throw new LoomException($"no run '{runId}' in this workspace (or the prefix matches several); 'loom runs list' shows the runs");
        using var runLock = RunLock.TryAcquire(locks, run.Id)
            ?? throw new LoomException($"run {run.Id} is being executed by another loom process right now; wait for it to end, or stop it first");

        var given = JsonSerializer.Deserialize<Dictionary<string, string>>(run.ParametersJson) ?? [];
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(run.PipelineYaml, run.PipelineFile), catalog, given);
        if (plan.Version != run.PipelineVersion)
        {
            throw new LoomException($"run {run.Id} was made by pipeline version {run.PipelineVersion[..12]}, but its stored document now plans as {plan.Version[..12]}; start a new run instead");
        }

        if (options.ConfineInputFiles)
        {
            await InputFiles.CheckExistAsync(plan, options.BaseDirectory, confine: true, store, cancellationToken).ConfigureAwait(false);
        }

        await CloseInterruptedAttemptsAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var steps = (await store.GetStepsAsync(run.Id, cancellationToken).ConfigureAwait(false)).ToList();
        var lineage = await store.GetLineageAsync(run.Id, cancellationToken).ConfigureAwait(false);
        var done = await ReusableOutputsAsync(steps, lineage, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < steps.Count; i++)
        {
            if (!done.ContainsKey(steps[i].Name) && steps[i].Status != StepStatus.Pending)
            {
                steps[i] = steps[i] with { Status = StepStatus.Pending, FinishedAt = null, CacheHit = false };
                await store.UpdateStepAsync(steps[i], CancellationToken.None).ConfigureAwait(false);
            }
        }

        run = run with { Status = RunStatus.Running, FinishedAt = null, Error = null, Owner = RunOwner.Current };
        await store.UpdateRunAsync(run, CancellationToken.None).ConfigureAwait(false);
        return await ExecuteAsync(run, plan, steps, done, observer, cancellationToken).ConfigureAwait(false);
    }

    private async Task CloseInterruptedAttemptsAsync(string runId, CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow();
        foreach (var attempt in await store.GetAttemptsAsync(runId, null, cancellationToken).ConfigureAwait(false))
        {
            if (attempt.Status == StepStatus.Running)
            {
                var closed = attempt with { Status = StepStatus.Failed, FinishedAt = now, Error = "interrupted: the process running it stopped before it finished" };
                await store.SaveAttemptAsync(closed, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<string, LineageRecord>>> ReusableOutputsAsync(
        List<StepRecord> steps, IReadOnlyList<LineageRecord> lineage, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, IReadOnlyDictionary<string, LineageRecord>>();
        foreach (var step in steps.Where(s => s.Status == StepStatus.Succeeded))
        {
            var outputs = lineage.Where(l => l.Step == step.Name && l.IsOutput).ToDictionary(l => l.Port);
            var intact = true;
            foreach (var output in outputs.Values)
            {
                intact &= await artifacts.TryGetVerifiedPathAsync(output.Sha256, cancellationToken).ConfigureAwait(false) is not null;
            }

            if (intact)
            {
                done[step.Name] = outputs;
            }
        }

        return done;
    }

    private async Task<RunResult> ExecuteAsync(
        RunRecord run,
        PipelinePlan plan,
        List<StepRecord> steps,
        Dictionary<string, IReadOnlyDictionary<string, LineageRecord>> done,
        IRunObserver? observer,
        CancellationToken cancellationToken)
    {
        observer ??= new SilentObserver();
        var scope = new RunScope(run.Id, plan, store, artifacts, options, observer, Path.Combine(scratchRoot, run.Id), packagesRoot, run.PipelineYaml, run.ParametersJson);
        var records = steps.ToDictionary(s => s.Name);
        observer.RunStarted(run, steps);
        var schedule = new StepSchedule(scope, records, done);
        try
        {
            await schedule.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Never leave a run marked running by a live process after that process gave up on it.
            var broken = run with { Status = RunStatus.Failed, FinishedAt = options.TimeProvider.GetUtcNow(), Error = $"the executor failed: {e.Message}", Owner = null };
            await store.UpdateRunAsync(broken, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var final = records.Values.ToList();
        var failed = final.FirstOrDefault(s => s.Status == StepStatus.Failed);
        var status = failed is not null ? RunStatus.Failed
            : final.All(s => s.Status == StepStatus.Succeeded) ? RunStatus.Succeeded
            : RunStatus.Cancelled;
        var error = failed is not null ? $"step '{failed.Name}' failed: {failed.Error}" : status == RunStatus.Cancelled ? "cancelled" : null;
        run = run with { Status = status, FinishedAt = options.TimeProvider.GetUtcNow(), Error = error, Owner = null };
        await store.UpdateRunAsync(run, CancellationToken.None).ConfigureAwait(false);
        Folders.TryDelete(scope.ScratchRoot);

        var outputs = plan.Document.Outputs
            .Where(o => done.TryGetValue(o.Source.Step, out var ports) && ports.ContainsKey(o.Source.Port))
            .ToDictionary(o => o.Name, o => done[o.Source.Step][o.Source.Port]);
        return new RunResult(run, steps.Select(s => records[s.Name]).ToList(), outputs);
    }

    private static string NewRunId()
    {
        // Sortable by time, unique without coordination: 'r' + UTC timestamp + random suffix.
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        return $"r{stamp}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }


    private sealed class SilentObserver : IRunObserver;
}
