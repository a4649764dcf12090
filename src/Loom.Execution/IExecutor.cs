namespace Loom.Execution;

/// <summary>Runs planned pipelines: the local executor now, a cluster executor later, behind one interface.</summary>
public interface IExecutor
{
    /// <summary>Creates a run and executes it to the end (success, failure or cancellation).</summary>
    Task<RunResult> RunAsync(RunRequest request, IRunObserver? observer = null, CancellationToken cancellationToken = default);

    /// <summary>Continues an interrupted, failed or cancelled run, reusing every step that completed.</summary>
    Task<RunResult> ResumeAsync(string runId, IRunObserver? observer = null, CancellationToken cancellationToken = default);
}
