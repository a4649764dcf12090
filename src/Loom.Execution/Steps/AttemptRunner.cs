using Loom.Execution.Distribution;
using Loom.Metadata.Artifacts;
using Loom.Metadata.Records;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Loom.Worker;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Steps;

/// <summary>
/// One attempt of one step: recorded as started before the component runs, bounded by the step's timeout, run in
/// this process or — when the executor has an <see cref="IAttemptHost"/> — on a node of a cluster.
/// </summary>
internal sealed class AttemptRunner(
    RunScope scope,
    PlannedStep step,
    StepRecord record,
    int number,
    IReadOnlyDictionary<string, InputArtifact> inputs,
    IReadOnlyList<LineageRecord> files,
    int seed)
{
    private readonly TimeProvider time = scope.Options.TimeProvider;

    public async Task<AttemptResult> RunAsync(CancellationToken cancellationToken)
    {
        var attempt = new AttemptRecord(scope.RunId, step.Name, number, StepStatus.Running, time.GetUtcNow(), null, null);
        var running = record with { Status = StepStatus.Running, Attempts = number, Error = null };
        await scope.Store.StartAttemptAsync(running, attempt, CancellationToken.None).ConfigureAwait(false);
        Notify(running);

        var timeout = step.Timeout ?? scope.Options.DefaultTimeout;
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var lost = false;
        AttemptOutcome outcome;
        if (scope.Options.AttemptHost is { } host)
        {
            try
            {
                outcome = await RunElsewhereAsync(host, linked.Token).ConfigureAwait(false);
            }
            catch (AttemptLostException e)
            {
                (outcome, lost) = (AttemptOutcome.Failed(e.Message, transient: true), true);
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                outcome = AttemptOutcome.Stopped;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever went wrong on the way, the attempt is recorded as failed rather than left running.
                outcome = AttemptOutcome.Failed($"{e.GetType().Name}: {e.Message}", transient: false);
            }
        }
        else
        {
            outcome = await AttemptBody.RunAsync(scope, step, number, inputs, seed, linked.Token).ConfigureAwait(false);
        }

        var (status, error) = outcome switch
        {
            { Outputs: not null } => (StepStatus.Succeeded, (string?)null),
            { Cancelled: true } when cancellationToken.IsCancellationRequested => (StepStatus.Cancelled, "cancelled"),
            { Cancelled: true } => (StepStatus.Failed, $"timed out after {ProcessLimits.Spell(timeout)} (attempt {number}); raise the step's 'timeout' if it needs longer"),
            _ => (StepStatus.Failed, outcome.Error),
        };
        var finished = attempt with { Status = status, FinishedAt = time.GetUtcNow(), Error = error };
        var after = running with { Status = status == StepStatus.Succeeded ? StepStatus.Running : status, Error = error, FinishedAt = status == StepStatus.Succeeded ? null : finished.FinishedAt };
        if (status != StepStatus.Succeeded)
        {
            await scope.Store.SaveAttemptAsync(finished, CancellationToken.None).ConfigureAwait(false);
            await scope.Store.UpdateStepAsync(after, CancellationToken.None).ConfigureAwait(false);
        }

        return new AttemptResult(after, finished, outcome.Outputs, outcome.Transient, lost);
    }

    /// <summary>Puts the step's input files in the shared artifact store (the node may not see this machine's files), then has the host run it.</summary>
    private async Task<AttemptOutcome> RunElsewhereAsync(IAttemptHost host, CancellationToken cancellationToken)
    {
        var logger = new StepLogger(scope.Store, scope.Observer, time, scope.RunId, step.Name, number);
        try
        {
            var work = new AttemptWork(
                scope.RunId,
                scope.PipelineYaml,
                scope.Plan.Document.SourceFile,
                scope.ParametersJson,
                step.Name,
                number,
                seed,
                [.. inputs.Values.Select(i => new WorkArtifact(i.Port, i.Kind, i.Sha256))],
                await SharedFilesAsync(cancellationToken).ConfigureAwait(false))
            {
                Timeout = step.Timeout ?? scope.Options.DefaultTimeout,
                Component = step.Component.Manifest.Identity,
            };
            var manifest = step.Component.Manifest;
            if (manifest.RowWiseInput.Length > 0 && inputs.TryGetValue(manifest.RowWiseInput, out var table)
                && await PartitionedAttempt.TryRunAsync(host, work, table, [.. manifest.Outputs.Select(o => o.Name)], scope.Options.PartitionRows, scope.Artifacts, logger, scope.Observer, cancellationToken).ConfigureAwait(false) is { } partitioned)
            {
                return partitioned;
            }

            return await host.RunAsync(work, logger, scope.Observer, cancellationToken).ConfigureAwait(false);
        }
        catch (LoomException e) when (e is not AttemptLostException)
        {
            logger.LogError("{Message}", e.Message);
            return AttemptOutcome.Failed(e.Message, e.IsTransient);
        }
        finally
        {
            await logger.FlushAsync().ConfigureAwait(false);
        }
    }

    private async Task<List<WorkFile>> SharedFilesAsync(CancellationToken cancellationToken)
    {
        var shared = new List<WorkFile>();
        foreach (var file in files)
        {
            var parameter = file.Port[InputFiles.PortOf("").Length..];
            var path = (string)step.Parameters[parameter]!;
            if (file.Kind == ArtifactKind.File && await scope.Artifacts.TryGetVerifiedPathAsync(file.Sha256, cancellationToken).ConfigureAwait(false) is null)
            {
                var stored = await scope.Artifacts.PutAsync(
                    async (target, token) =>
                    {
                        await using var source = File.OpenRead(path);
                        await source.CopyToAsync(target, token).ConfigureAwait(false);
                    },
                    cancellationToken).ConfigureAwait(false);
                if (stored.Sha256 != file.Sha256)
                {
                    throw new LoomException($"step '{step.Name}': input file '{path}' changed while the run was starting; run again");
                }
            }

            shared.Add(new WorkFile(parameter, file.Sha256, Path.GetFileName(path)));
        }

        return shared;
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
