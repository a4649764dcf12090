using Loom.Execution.Distribution;
using Loom.Metadata.Artifacts;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Steps;

/// <summary>
/// The work of one attempt in this process, wherever the attempt was scheduled from: the component on its inputs,
/// its log lines to the metadata store, its scratch folder removed after. Failures are logged and returned, never thrown.
/// </summary>
internal static class AttemptBody
{
    public static async Task<AttemptOutcome> RunAsync(RunScope scope, PlannedStep step, int number, IReadOnlyDictionary<string, InputArtifact> inputs, int seed, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(scope.ScratchRoot, $"{step.Name}-{number}-{Guid.NewGuid():N}");
        var logger = new StepLogger(scope.Store, scope.Observer, scope.Options.TimeProvider, scope.RunId, step.Name, number);
        using var stopFlushing = new CancellationTokenSource();
        var flushing = logger.FlushPeriodicallyAsync(stopFlushing.Token);
        Task? work = null;
        try
        {
            var context = new StepContext(step.Name, step.Component.Manifest, inputs, scope.Artifacts, logger, scope.Observer, seed, scratch, cancellationToken);
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
                ? AttemptOutcome.Succeeded(written)
                : Failed(logger, $"{step.Component.Manifest.Identity} finished without writing output(s) {string.Join(", ", missing)}", transient: false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (work is { IsCompleted: false })
            {
                scope.Abandoned.Add(work);
                logger.LogWarning("the component ignored being stopped and is still running; it keeps its parallel slot until it stops");
            }

            return AttemptOutcome.Stopped;
        }
        catch (LoomException e)
        {
            return Failed(logger, e.Message, e.IsTransient);
        }
        catch (Exception e)
        {
            logger.LogError(e, "the component failed unexpectedly");
            return AttemptOutcome.Failed($"{e.GetType().Name}: {e.Message}", transient: false);
        }
        finally
        {
            await stopFlushing.CancelAsync().ConfigureAwait(false);
            await flushing.ConfigureAwait(false);
            await logger.FlushAsync().ConfigureAwait(false);
            Folders.TryDelete(scratch);
        }
    }

    private static AttemptOutcome Failed(ILogger logger, string error, bool transient)
    {
        logger.LogError("{Message}", error);
        return AttemptOutcome.Failed(error, transient);
    }
}
