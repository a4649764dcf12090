using Loom.Metadata;
using Loom.Metadata.Records;
using Microsoft.Extensions.Logging;

namespace Loom.Execution.Steps;

/// <summary>
/// The logger a step writes to: lines go to the observer at once and to the metadata store in small
/// batches (at most half a second late), so a killed process loses almost nothing. Never throws.
/// </summary>
internal sealed class StepLogger(IMetadataStore store, IRunObserver observer, TimeProvider time, string runId, string step, int attempt) : ILogger
{
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(500);
    private readonly Lock gate = new();
    private readonly List<LogRecord> pending = [];
    private DateTimeOffset lastFlush = time.GetUtcNow();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var message = formatter(state, exception);
        if (exception is not null)
        {
            message += Environment.NewLine + exception;
        }

        var record = new LogRecord(runId, step, attempt, time.GetUtcNow(), logLevel.ToString(), message);
        bool flush;
        lock (gate)
        {
            pending.Add(record);
            flush = record.Timestamp - lastFlush >= FlushInterval || pending.Count >= 50;
        }

        try
        {
            observer.Log(record);
        }
        catch (Exception)
        {
            // An observer's failure must not fail the step.
        }

        if (flush)
        {
            _ = FlushAsync();
        }
    }

    /// <summary>Flushes every half second until <paramref name="cancellationToken"/> is signalled, so quiet steps lose nothing either.</summary>
    public async Task FlushPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                await FlushAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The attempt ended; its final flush follows.
        }
    }

    public async Task FlushAsync()
    {
        LogRecord[] batch;
        lock (gate)
        {
            batch = [.. pending];
            pending.Clear();
            lastFlush = time.GetUtcNow();
        }

        try
        {
            await store.AppendLogsAsync(batch).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Logging never throws into the step; the lines still reached the observer.
        }
    }
}
