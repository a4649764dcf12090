using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Loom.Worker;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Steps;

/// <summary>One attempt of one step: recorded as started before the component runs, bounded by the step's timeout.</summary>
internal sealed class AttemptRunner(
    RunScope scope,
    PlannedStep step,
    StepRecord record,
    int number,
    IReadOnlyDictionary<string, InputArtifact> inputs,
    int seed)
{
    private readonly TimeProvider time = scope.Options.TimeProvider;
    private Task? work;

    public async Task<AttemptResult> RunAsync(CancellationToken cancellationToken)
    {
        var attempt = new AttemptRecord(scope.RunId, step.Name, number, StepStatus.Running, time.GetUtcNow(), null, null);
        var running = record with { Status = StepStatus.Running, Attempts = number, Error = null };
        await scope.Store.StartAttemptAsync(running, attempt, CancellationToken.None).ConfigureAwait(false);
        Notify(running);

        var timeout = step.Timeout ?? scope.Options.DefaultTimeout;
        var scratch = Path.Combine(scope.ScratchRoot, $"{step.Name}-{number}-{Guid.NewGuid():N}");
        var logger = new StepLogger(scope.Store, scope.Observer, time, scope.RunId, step.Name, number);
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var (status, error, transient) = (StepStatus.Failed, (string?)null, false);
        IReadOnlyDictionary<string, StoredArtifact>? outputs = null;
        using var stopFlushing = new CancellationTokenSource();
        var flushing = logger.FlushPeriodicallyAsync(stopFlushing.Token);
        try
        {
            var context = new StepContext(step.Name, step.Component.Manifest, inputs, scope.Artifacts, logger, scope.Observer, seed, scratch, linked.Token);
            outputs = await ExecuteAsync(context, linked.Token).ConfigureAwait(false);
            status = StepStatus.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            (status, error) = (StepStatus.Cancelled, "cancelled");
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            error = $"timed out after {ProcessLimits.Spell(timeout)} (attempt {number}); raise the step's 'timeout' if it needs longer";
            if (work is { IsCompleted: false })
            {
                scope.Abandoned.Add(work);
                logger.LogWarning("the component ignored the timeout and is still running; it keeps its parallel slot until it stops");
            }
        }
        catch (LoomException e)
        {
            (error, transient) = (e.Message, e.IsTransient);
            logger.LogError("{Message}", e.Message);
        }
        catch (Exception e)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            logger.LogError(e, "the component failed unexpectedly");
        }
        finally
        {
            await stopFlushing.CancelAsync().ConfigureAwait(false);
            await flushing.ConfigureAwait(false);
            await logger.FlushAsync().ConfigureAwait(false);
            Folders.TryDelete(scratch);
        }

        var finished = attempt with { Status = status, FinishedAt = time.GetUtcNow(), Error = error };
        var after = running with { Status = status == StepStatus.Succeeded ? StepStatus.Running : status, Error = error, FinishedAt = status == StepStatus.Succeeded ? null : finished.FinishedAt };
        if (status != StepStatus.Succeeded)
        {
            await scope.Store.SaveAttemptAsync(finished, CancellationToken.None).ConfigureAwait(false);
            await scope.Store.UpdateStepAsync(after, CancellationToken.None).ConfigureAwait(false);
        }

        return new AttemptResult(after, finished, outputs, transient);
    }

    private async Task<IReadOnlyDictionary<string, StoredArtifact>> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (step.Component.IsCustom)
        {
            await CustomStep.RunAsync(scope, step, context, inputs, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var component = step.Component.Create(step.Parameters);

            // WaitAsync lets a timeout or cancellation end the attempt even if the component ignores its token.
            work = Task.Run(() => component.ExecuteAsync(context), CancellationToken.None);
            await work.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var written = context.Written;
        var missing = step.Component.Manifest.Outputs.Where(o => !written.ContainsKey(o.Name)).Select(o => o.Name).ToList();
        return missing.Count == 0
            ? written
            : throw new LoomException($"{step.Component.Manifest.Identity} finished without writing output(s) {string.Join(", ", missing)}");
    }

    private void Notify(StepRecord changed)
    {
        try
        {
            scope.Observer.StepChanged(changed);
        }
        catch (Exception)
        {
            // Observers never fail a run.
        }
    }
}
