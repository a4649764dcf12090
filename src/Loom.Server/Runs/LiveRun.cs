using System.Collections.Concurrent;
using System.Threading.Channels;
using Loom.Execution;
using Loom.Metadata.Records;

namespace Loom.Server.Runs;

/// <summary>
/// A run this server is executing: it observes the executor and fans its events out to every
/// subscriber (the open event streams), remembers each step's latest progress, and cancels on request.
/// </summary>
internal sealed class LiveRun : IRunObserver, IDisposable
{
    // A subscriber that does not read falls behind by at most this many events; the oldest are dropped first.
    private const int Backlog = 10_000;

    private readonly ConcurrentDictionary<Channel<RunEvent>, bool> subscribers = new();
    private readonly ConcurrentDictionary<string, ProgressEvent> progress = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<RunRecord> started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource cancellation;

    public LiveRun(CancellationToken stopping)
    {
        cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    }

    /// <summary>Completes with the run record once the executor has created (or resumed) it.</summary>
    public Task<RunRecord> Started => started.Task;

    public CancellationToken Token => cancellation.Token;

    public bool Ended { get; private set; }

    /// <summary>The latest progress of each running step.</summary>
    public IReadOnlyDictionary<string, ProgressEvent> Progress => progress;

    public void Cancel()
    {
        try
        {
            cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile.
        }
    }

    /// <summary>Starts receiving this run's events; dispose the subscription to stop.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<RunEvent>(new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        subscribers[channel] = true;
        if (Ended)
        {
            channel.Writer.TryComplete();
        }

        return new Subscription(channel.Reader, () => subscribers.TryRemove(channel, out _));
    }

    public void RunStarted(RunRecord run, IReadOnlyList<StepRecord> steps) => started.TrySetResult(run);

    public void StepChanged(StepRecord step)
    {
        if (step.Status != StepStatus.Running)
        {
            progress.TryRemove(step.Name, out _);
        }

        Publish(new RunEvent("step", step));
    }

    public void StepProgress(string step, double fraction, string? message)
    {
        var update = new ProgressEvent(step, fraction, message);
        progress[step] = update;
        Publish(new RunEvent("progress", update));
    }

    public void Log(LogRecord log) => Publish(new RunEvent("log", new LogEvent(log.Step, log.Timestamp, log.Level, log.Message, log.Attempt)));

    /// <summary>The run ended (or failed to start): every stream gets to its end.</summary>
    public void End(Exception? failure)
    {
        Ended = true;
        if (failure is not null)
        {
            started.TrySetException(failure);
        }
        else
        {
            started.TrySetCanceled();
        }

        foreach (var channel in subscribers.Keys)
        {
            channel.Writer.TryComplete();
        }
    }

    public void Dispose() => cancellation.Dispose();

    private void Publish(RunEvent item)
    {
        foreach (var channel in subscribers.Keys)
        {
            channel.Writer.TryWrite(item);
        }
    }

    /// <summary>A subscriber's view of the events; disposing it unsubscribes.</summary>
    internal sealed class Subscription(ChannelReader<RunEvent> reader, Action unsubscribe) : IDisposable
    {
        public ChannelReader<RunEvent> Reader { get; } = reader;

        public void Dispose() => unsubscribe();
    }
}
