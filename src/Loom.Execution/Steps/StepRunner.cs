using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Pipelines.Planning;
using Loom.Sdk;

namespace Loom.Execution.Steps;

/// <summary>Runs one step: reuses cached outputs when it can, otherwise runs attempts with timeout and retries.</summary>
internal sealed class StepRunner(RunScope scope, PlannedStep planned, StepRecord record)
{
    /// <summary>How many attempts of a step may be lost with their node before a loss counts as a failure.</summary>
    private const int MaxLostAttempts = 3;

    private readonly PlannedStep original = planned;
    private PlannedStep step = planned;
    private readonly TimeProvider time = scope.Options.TimeProvider;
    private readonly int previousAttempts = record.Attempts;
    private StepRecord current = record;

    /// <summary>Runs the step; whatever happens, the step's last known state is recorded before this returns.</summary>
    public async Task<StepOutcome> RunAsync(IReadOnlyDictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        try
        {
            return await RunCoreAsync(inputs, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await EndAsync(StepStatus.Cancelled, "cancelled").ConfigureAwait(false);
        }
        catch (LoomException e)
        {
            return await EndAsync(StepStatus.Failed, e.Message).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            return await EndAsync(StepStatus.Failed, $"{e.GetType().Name}: {e.Message}").ConfigureAwait(false);
        }
    }

    private async Task<StepOutcome> EndAsync(StepStatus status, string error)
    {
        current = current with { Status = status, FinishedAt = time.GetUtcNow(), Error = error };
        await scope.Store.UpdateStepAsync(current, CancellationToken.None).ConfigureAwait(false);
        return new StepOutcome(current, new Dictionary<string, LineageRecord>());
    }

    private async Task<StepOutcome> RunCoreAsync(IReadOnlyDictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        var seed = CacheKey.StepSeed(scope.Plan.Document.Seed, step.Name);
        (step, var files) = await InputFiles.ResolveAsync(step, scope.RunId, scope.Options.BaseDirectory, scope.Store, scope.Artifacts, cancellationToken).ConfigureAwait(false);
        var all = inputs.Concat(files.Select(f => KeyValuePair.Create(f.Port, f))).ToDictionary();
        var key = CacheKey.Compute(original, all.ToDictionary(i => i.Key, i => i.Value.Sha256), seed);
        current = current with { CacheKey = key, StartedAt = time.GetUtcNow(), Status = StepStatus.Running, Error = null, FinishedAt = null };
        var cacheable = step.Component.Manifest.Cacheable;
        if (scope.Options.UseCache && cacheable && await TryCacheAsync(key, all, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return cached;
        }

        var resolved = await ResolveInputsAsync(inputs, cancellationToken).ConfigureAwait(false);
        var retries = step.Retries ?? scope.Options.DefaultRetries;
        var lost = 0;
        for (var attempt = current.Attempts + 1; ; attempt++)
        {
            var run = new AttemptRunner(scope, step, current, attempt, resolved, files, seed);
            var result = await run.RunAsync(cancellationToken).ConfigureAwait(false);
            current = result.Step;
            if (result.Outputs is { } outputs)
            {
                return await CompleteAsync(result.Attempt, all, outputs, cacheable ? key : null, cancellationToken).ConfigureAwait(false);
            }

            // A node lost mid-attempt says nothing about the step: it runs again at once elsewhere, a few times at most.
            if (result.Lost && ++lost <= MaxLostAttempts && !cancellationToken.IsCancellationRequested)
            {
                continue;
            }

            var attemptsUsed = attempt - previousAttempts - Math.Min(lost, MaxLostAttempts);
            if (!result.Transient || attemptsUsed > retries)
            {
                return new StepOutcome(current, new Dictionary<string, LineageRecord>());
            }

            // A retry is due: cancellation now (or during the wait) ends the step as cancelled, its attempts kept.
            var delay = scope.Options.RetryBackoff * Math.Pow(2, attemptsUsed - 1);
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<StepOutcome?> TryCacheAsync(string key, IReadOnlyDictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        var cached = await scope.Store.FindCacheAsync(key, cancellationToken).ConfigureAwait(false);
        if (cached is null)
        {
            return null;
        }

        var outputs = new Dictionary<string, StoredArtifact>();
        foreach (var port in step.Component.Manifest.Outputs)
        {
            if (!cached.TryGetValue(port.Name, out var sha) || await scope.Artifacts.TryGetVerifiedPathAsync(sha, cancellationToken).ConfigureAwait(false) is not { } path)
            {
                // A missing or corrupt cached artifact is a miss, never an error: forget it and recompute.
                await scope.Store.RemoveCacheAsync(key, cancellationToken).ConfigureAwait(false);
                return null;
            }

            outputs[port.Name] = new StoredArtifact(sha, new FileInfo(path).Length);
        }

        current = current with { CacheHit = true };
        return await CompleteAsync(null, inputs, outputs, null, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<string, InputArtifact>> ResolveInputsAsync(IReadOnlyDictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, InputArtifact>();
        foreach (var (port, artifact) in inputs)
        {
            var path = await scope.Artifacts.TryGetVerifiedPathAsync(artifact.Sha256, cancellationToken).ConfigureAwait(false)
                ?? throw new LoomException($"step '{step.Name}': input '{port}' ({step.Inputs[port]}, artifact {artifact.Sha256[..12]}) is missing or corrupt in the artifact store; run again with --no-cache to recompute it");
            resolved[port] = new InputArtifact(port, artifact.Kind, artifact.Sha256, path);
        }

        return resolved;
    }

    private async Task<StepOutcome> CompleteAsync(
        AttemptRecord? attempt,
        IReadOnlyDictionary<string, LineageRecord> inputs,
        IReadOnlyDictionary<string, StoredArtifact> outputs,
        string? cacheKeyToStore,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var kinds = step.Component.Manifest.Outputs.ToDictionary(o => o.Name, o => o.Kind);
        var produced = outputs.ToDictionary(o => o.Key, o => new LineageRecord(scope.RunId, step.Name, true, o.Key, o.Value.Sha256, kinds[o.Key]));
        var lineage = inputs.Select(i => i.Value with { RunId = scope.RunId, Step = step.Name, IsOutput = false, Port = i.Key }).Concat(produced.Values).ToList();
        var artifacts = outputs.Select(o => new ArtifactRecord(o.Value.Sha256, kinds[o.Key], o.Value.Size, now)).ToList();
        current = current with { Status = StepStatus.Succeeded, FinishedAt = now, Error = null };
        var cache = cacheKeyToStore is null ? null : outputs.ToDictionary(o => o.Key, o => o.Value.Sha256);
        await scope.Store.CompleteStepAsync(new StepCompletion(current, attempt, lineage, artifacts, cache), CancellationToken.None).ConfigureAwait(false);

        return new StepOutcome(current, produced);
    }
}
