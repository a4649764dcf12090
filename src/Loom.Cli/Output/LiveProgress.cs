using System.Collections.Concurrent;
using Loom.Execution;
using Loom.Metadata.Records;
using Spectre.Console;

namespace Loom.Cli.Output;

/// <summary>Live progress bars, one per step, for interactive terminals.</summary>
internal sealed class LiveProgress(ProgressContext progress) : IRunObserver
{
    private readonly ConcurrentDictionary<string, ProgressTask> tasks = new();

    public void RunStarted(RunRecord run, IReadOnlyList<StepRecord> steps)
    {
        foreach (var step in steps)
        {
            tasks[step.Name] = progress.AddTask(Label(step.Name, "waiting"), autoStart: false, maxValue: 1);
        }
    }

    public void StepChanged(StepRecord step)
    {
        if (!tasks.TryGetValue(step.Name, out var task))
        {
            return;
        }

        switch (step.Status)
        {
            case StepStatus.Running:
                task.StartTask();
                task.Description = Label(step.Name, step.Attempts > 1 ? $"attempt {step.Attempts}" : "running");
                break;
            case StepStatus.Succeeded:
                task.Description = Label(step.Name, step.CacheHit ? "[green]cached[/]" : "[green]done[/]");
                task.Value = 1;
                task.StopTask();
                break;
            case StepStatus.Pending:
                break;
            default:
                task.Description = Label(step.Name, $"[red]{step.Status.ToString().ToLowerInvariant()}[/]");
                task.StopTask();
                break;
        }
    }

    public void StepProgress(string step, double fraction, string? message)
    {
        if (tasks.TryGetValue(step, out var task))
        {
            task.Value = fraction;
            if (message is not null)
            {
                task.Description = Label(step, Markup.Escape(message));
            }
        }
    }

    private static string Label(string step, string state) => $"{Markup.Escape(step),-16} {state}";
}
