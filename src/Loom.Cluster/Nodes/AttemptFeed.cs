using Loom.Execution;
using Loom.Metadata.Records;

namespace Loom.Cluster.Nodes;

/// <summary>
/// What an attempt on this node said since its client last asked: its log lines (the newest thousand, if the client
/// is slow to ask) and its latest progress. The node records the lines in the store too; this is for the client's
/// display, which shows them as a local run does.
/// </summary>
internal sealed class AttemptFeed : IRunObserver
{
    private const int MaxLines = 1000;
    private readonly Lock gate = new();
    private readonly Queue<LogRecord> lines = new();
    private StepProgressNote? progress;
    private int dropped;

    public void Log(LogRecord log)
    {
        lock (gate)
        {
            if (lines.Count == MaxLines)
            {
                lines.Dequeue();
                dropped++;
            }

            lines.Enqueue(log);
        }
    }

    public void StepProgress(string step, double fraction, string? message)
    {
        // A fraction that is not a number cannot travel (JSON has no NaN) and means nothing on a bar.
        if (!double.IsFinite(fraction))
        {
            return;
        }

        lock (gate)
        {
            progress = new StepProgressNote(fraction, message);
        }
    }

    /// <summary>The lines and progress since the last call, which the next call will not give again.</summary>
    public (IReadOnlyList<LogRecord> Lines, StepProgressNote? Progress) Take()
    {
        lock (gate)
        {
            var taken = lines.ToArray();
            if (dropped > 0 && taken.Length > 0)
            {
                var first = taken[0];
                taken = [first with { Level = "Information", Message = $"({dropped} earlier line(s) not shown here; loom logs {first.RunId} {first.Step} has them all)" }, .. taken];
            }

            var result = (taken, progress);
            lines.Clear();
            (progress, dropped) = (null, 0);
            return result;
        }
    }
}
