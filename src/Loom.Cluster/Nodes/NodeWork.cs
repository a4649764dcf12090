using System.Collections.Concurrent;
using Loom.Execution.Distribution;
using Microsoft.Extensions.Logging;

namespace Loom.Cluster.Nodes;

/// <summary>
/// The attempts a node holds, at most <c>slots</c> running at once; kept outside any grain so they outlive its
/// activations. An attempt stops when its client says so, when its step's timeout has passed, or when its client
/// has not asked after it for a while (it died, or lost the node): work nobody will record is not done.
/// </summary>
internal sealed class NodeWork : IDisposable
{
    /// <summary>How long a running attempt goes on without its client asking after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    /// <summary>How long the outcome of an attempt nobody came for is kept.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Held> attempts = new(StringComparer.Ordinal);
    private readonly AttemptExecutor executor;
    private readonly SemaphoreSlim free;
    private readonly int slots;
    private readonly ILogger<NodeWork> logger;
    private readonly Timer sweeper;

    public NodeWork(AttemptExecutor executor, int slots, ILogger<NodeWork> logger)
    {
        (this.executor, this.slots, this.logger) = (executor, slots, logger);
        free = new SemaphoreSlim(slots, slots);
        sweeper = new Timer(_ => Sweep(), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));
    }

    public NodeLoad LoadOf(string node) => new(node, slots, attempts.Values.Count(a => !a.Run.IsCompleted));

    public void Start(string key, AttemptWork work)
    {
        // Lazy: two calls racing on one key start one run.
        var held = attempts.GetOrAdd(key, _ => new Held(work, new CancellationTokenSource()));
        if (held.Begin(() => RunAsync(work, held.Feed, held.Stop.Token)))
        {
            logger.LogInformation("attempt {Attempt} of step {Step} of run {Run} starts", work.Attempt, work.Step, work.RunId);
            if (work.Timeout is { } timeout)
            {
                held.Stop.CancelAfter(timeout + TimeSpan.FromMinutes(1));
            }
        }
    }

    public async Task<NodeAnswer> WaitAsync(string key, TimeSpan longest)
    {
        if (!attempts.TryGetValue(key, out var held))
        {
            return new NodeAnswer(false, null);
        }

        held.Asked();
        if (await Task.WhenAny(held.Run, Task.Delay(longest)).ConfigureAwait(false) != held.Run)
        {
            var (lines, progress) = held.Feed.Take();
            return new NodeAnswer(true, null, lines, progress);
        }

        if (attempts.TryRemove(key, out _))
        {
            held.Stop.Dispose();
        }

        var outcome = await held.Run.ConfigureAwait(false);
        return new NodeAnswer(true, outcome, held.Feed.Take().Lines);
    }

    public async Task CancelAsync(string key)
    {
        if (attempts.TryGetValue(key, out var held))
        {
            try
            {
                await held.Stop.CancelAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // It ended and was collected meanwhile.
            }
        }
    }

    public void Dispose()
    {
        sweeper.Dispose();
        free.Dispose();
    }

    private async Task<AttemptOutcome> RunAsync(AttemptWork work, AttemptFeed feed, CancellationToken cancellationToken)
    {
        try
        {
            await free.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return AttemptOutcome.Stopped;
        }

        try
        {
            var outcome = await executor.RunAsync(work, feed, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("attempt {Attempt} of step {Step} of run {Run} {Outcome}", work.Attempt, work.Step, work.RunId, outcome.Outputs is not null ? "succeeded" : outcome.Error);
            return outcome;
        }
        finally
        {
            free.Release();
        }
    }

    /// <summary>Stops attempts whose client went quiet; drops outcomes nobody came for.</summary>
    private void Sweep()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, held) in attempts)
        {
            if (!held.Run.IsCompleted && now - held.LastAsked > Lease && !held.Stop.IsCancellationRequested)
            {
                logger.LogWarning("attempt {Attempt} of step {Step} of run {Run} is stopped: its client has not asked after it for {Seconds} s", held.Work.Attempt, held.Work.Step, held.Work.RunId, Lease.TotalSeconds);
                held.Stop.Cancel();
            }
            else if (held.Run.IsCompleted && now - held.LastAsked > Keep && attempts.TryRemove(key, out _))
            {
                held.Stop.Dispose();
            }
        }
    }

    private sealed class Held(AttemptWork work, CancellationTokenSource stop)
    {
        private readonly Lock gate = new();
        private Task<AttemptOutcome>? run;
        private long lastAsked = DateTimeOffset.UtcNow.UtcTicks;

        public AttemptWork Work => work;

        public CancellationTokenSource Stop => stop;

        public AttemptFeed Feed { get; } = new();

        public Task<AttemptOutcome> Run => run ?? Task.FromResult(AttemptOutcome.Stopped);

        public DateTimeOffset LastAsked => new(Interlocked.Read(ref lastAsked), TimeSpan.Zero);

        public void Asked() => Interlocked.Exchange(ref lastAsked, DateTimeOffset.UtcNow.UtcTicks);

        /// <summary>Starts the run unless it was started; true when this call started it.</summary>
        public bool Begin(Func<Task<AttemptOutcome>> start)
        {
            lock (gate)
            {
                if (run is not null)
                {
                    return false;
                }

                run = Task.Run(start);
                return true;
            }
        }
    }
}
