using Loom.Execution;
using Loom.Metadata.Records;

namespace Loom.Cli.Output;

/// <summary>Progress as one line per step event, for logs and terminals without live rendering.</summary>
internal sealed class PlainProgress(TextWriter writer, bool showLogs) : IRunObserver
{
    private readonly Lock gate = new();

    public void RunStarted(RunRecord run, IReadOnlyList<StepRecord> steps) =>
        Write($"run {run.Id}: {run.PipelineName} ({steps.Count} steps)");

    public void StepChanged(StepRecord step)
    {
        var text = step.Status switch
        {
            StepStatus.Running => step.Attempts > 1 ? $"running (attempt {step.Attempts})" : "running",
            StepStatus.Succeeded => step.CacheHit ? "cached" : $"done in {Durations.Format(step.Duration)}",
            StepStatus.Failed => $"FAILED: {step.Error}",
            StepStatus.Skipped => "skipped",
            StepStatus.Cancelled => "cancelled",
            _ => null,
        };
        if (text is not null)
        {
            Write($"  {step.Name,-16} {text}");
        }
    }

    public void Log(LogRecord log)
    {
        if (showLogs || log.Level is "Warning" or "Error" or "Critical")
        {
            Write($"  {log.Step,-16} {log.Level.ToLowerInvariant()}: {log.Message.Split('\n')[0]}");
        }
    }

    private void Write(string line)
    {
        lock (gate)
        {
            writer.WriteLine(line);
        }
    }
}
