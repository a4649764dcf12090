using Loom.Metadata.Records;

namespace Loom.Execution;

/// <summary>Receives live events of a run, for progress displays. Must not throw and must return quickly.</summary>
public interface IRunObserver
{
    /// <summary>A run was created or resumed.</summary>
    void RunStarted(RunRecord run, IReadOnlyList<StepRecord> steps) { }

    /// <summary>A step's state changed (started, succeeded, failed, skipped…).</summary>
    void StepChanged(StepRecord step) { }

    /// <summary>A running step reported progress.</summary>
    void StepProgress(string step, double fraction, string? message) { }

    /// <summary>A step wrote a log line.</summary>
    void Log(LogRecord log) { }
}
