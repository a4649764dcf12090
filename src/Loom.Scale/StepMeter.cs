using Loom.Execution;
using Loom.Metadata.Records;

namespace Loom.Scale;

/// <summary>
/// Watches a run whose steps run one at a time: samples the process's resident memory and managed heap every few
/// milliseconds and keeps each step's peak, and passes the run's events on to a progress display.
/// </summary>
internal sealed class StepMeter : IRunObserver, IAsyncDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(20);

    private readonly IRunObserver? inner;
    private readonly Dictionary<string, (long Resident, long Managed)> peaks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampling;
    private readonly Lock gate = new();
    private string? running;

    public StepMeter(IRunObserver? inner)
    {
        this.inner = inner;
        sampling = Task.Run(SampleAsync);
    }

    /// <summary>Each step's peak resident memory and managed heap while it ran, in bytes.</summary>
    public IReadOnlyDictionary<string, (long Resident, long Managed)> Peaks
    {
        get
        {
            lock (gate)
            {
                return new Dictionary<string, (long, long)>(peaks);
            }
        }
    }

    public void RunStarted(RunRecord run, IReadOnlyList<StepRecord> steps) => inner?.RunStarted(run, steps);

    public void StepChanged(StepRecord step)
    {
        lock (gate)
        {
            if (step.Status == StepStatus.Running)
            {
                running = step.Name;
                Sample();
            }
            else if (running == step.Name)
            {
                Sample();
                running = null;
            }
        }

        inner?.StepChanged(step);
    }

    public void StepProgress(string step, double fraction, string? message) => inner?.StepProgress(step, fraction, message);

    public void Log(LogRecord log) => inner?.Log(log);

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                lock (gate)
                {
                    Sample();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    // Called under the lock.
    private void Sample()
    {
        if (running is null)
        {
            return;
        }

        var (resident, managed) = peaks.GetValueOrDefault(running);
        peaks[running] = (Math.Max(resident, MemoryProbe.Resident()), Math.Max(managed, GC.GetTotalMemory(forceFullCollection: false)));
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        stop.Dispose();
    }
}
