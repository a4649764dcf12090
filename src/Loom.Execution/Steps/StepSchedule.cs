using Loom.Metadata.Records;

namespace Loom.Execution.Steps;

/// <summary>
/// Starts each step once all the steps it reads from have succeeded, at most
/// <see cref="ExecutorOptions.MaxParallelSteps"/> at a time. A failure skips the steps downstream of
/// it while independent branches go on; cancellation stops everything.
/// </summary>
internal sealed class StepSchedule(
    RunScope scope,
    Dictionary<string, StepRecord> records,
    Dictionary<string, IReadOnlyDictionary<string, LineageRecord>> done)
{
    private readonly Dictionary<Task<StepOutcome>, string> running = [];
    private readonly List<Pipelines.Planning.PlannedStep> waiting = [.. scope.Plan.Steps];
    private readonly Dictionary<string, string[]> dependencies = scope.Plan.Steps.ToDictionary(s => s.Name, s => s.DependsOn.ToArray());

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var name in done.Keys)
        {
            Notify(records[name]);
        }

        while (true)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                StartReady(cancellationToken);
            }

            if (running.Count == 0)
            {
                break;
            }

            // Abandoned work that finally stops frees its slot too.
            var finished = await Task.WhenAny(running.Keys.Concat(scope.Abandoned.Where(t => !t.IsCompleted))).ConfigureAwait(false);
            if (finished is not Task<StepOutcome> stepTask || !running.Remove(stepTask))
            {
                continue;
            }

            var outcome = await stepTask.ConfigureAwait(false);
            records[outcome.Step.Name] = outcome.Step;
            Notify(outcome.Step);
            if (outcome.Step.Status == StepStatus.Succeeded)
            {
                done[outcome.Step.Name] = outcome.Outputs;
            }
            else if (outcome.Step.Status == StepStatus.Failed)
            {
                await SkipDownstreamAsync(outcome.Step.Name).ConfigureAwait(false);
            }
        }

        await MarkUnfinishedAsync(cancellationToken).ConfigureAwait(false);
    }

    private void StartReady(CancellationToken cancellationToken)
    {
        // Abandoned work still uses a slot, but never all of them: at least one step always runs.
        var abandoned = scope.Abandoned.Count(t => !t.IsCompleted);
        for (var i = 0; i < waiting.Count && (running.Count == 0 || running.Count + abandoned < scope.Options.MaxParallelSteps);)
        {
            var step = waiting[i];
            var record = records[step.Name];
            if (record.Status != StepStatus.Pending || done.ContainsKey(step.Name))
            {
                waiting.RemoveAt(i);
                continue;
            }

            if (!dependencies[step.Name].All(done.ContainsKey))
            {
                i++;
                continue;
            }

            waiting.RemoveAt(i);
            var inputs = step.Inputs.ToDictionary(input => input.Key, input => done[input.Value.Step][input.Value.Port]);
            records[step.Name] = record with { Status = StepStatus.Running };
            running[RunStepAsync(step, record, inputs, cancellationToken)] = step.Name;
        }
    }

    private async Task<StepOutcome> RunStepAsync(Pipelines.Planning.PlannedStep step, StepRecord record, Dictionary<string, LineageRecord> inputs, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            return await new StepRunner(scope, step, record).RunAsync(inputs, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The step runner records its own failures; this is reached only when recording itself
            // failed (a full disk, say). Keep the run going so it ends with a status.
            var failed = record with { Status = StepStatus.Failed, FinishedAt = scope.Options.TimeProvider.GetUtcNow(), Error = $"could not record the step's state: {e.Message}" };
            return new StepOutcome(failed, new Dictionary<string, LineageRecord>());
        }
    }

    private async Task SkipDownstreamAsync(string failedStep)
    {
        var blocked = new HashSet<string> { failedStep };
        foreach (var step in scope.Plan.Steps)
        {
            if (step.DependsOn.Any(blocked.Contains))
            {
                blocked.Add(step.Name);
                if (records[step.Name].Status == StepStatus.Pending)
                {
                    var reason = $"not run: '{failedStep}' did not succeed";
                    records[step.Name] = records[step.Name] with { Status = StepStatus.Skipped, Error = reason };
                    await scope.Store.UpdateStepAsync(records[step.Name], CancellationToken.None).ConfigureAwait(false);
                    Notify(records[step.Name]);
                }
            }
        }
    }

    private async Task MarkUnfinishedAsync(CancellationToken cancellationToken)
    {
        foreach (var step in scope.Plan.Steps.Where(s => records[s.Name].Status is StepStatus.Pending or StepStatus.Running))
        {
            var status = cancellationToken.IsCancellationRequested ? StepStatus.Cancelled : StepStatus.Skipped;
            records[step.Name] = records[step.Name] with { Status = status, Error = status == StepStatus.Cancelled ? "cancelled" : "not run" };
            await scope.Store.UpdateStepAsync(records[step.Name], CancellationToken.None).ConfigureAwait(false);
            Notify(records[step.Name]);
        }
    }

    private void Notify(StepRecord step)
    {
        try
        {
            scope.Observer.StepChanged(step);
        }
        catch (Exception)
        {
            // Observers never fail a run.
        }
    }
}
