using System.Collections.Concurrent;
using Loom.Execution.Distribution;
using Microsoft.Extensions.Logging;

namespace Loom.Cluster.Nodes;

/// <summary>The attempts a node holds, at most <c>slots</c> running at once; kept outside any grain so they outlive its activations.</summary>
internal sealed class NodeWork(AttemptExecutor executor, int slots, ILogger<NodeWork> logger)
{
    /// <summary>How long the outcome of an attempt nobody asked for is kept.</summary>
    private static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, Held> attempts = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim free = new(slots, slots);

    public NodeLoad LoadOf(string node) => new(node, slots, attempts.Values.Count(a => !a.Run.IsCompleted));

    public void Start(AttemptWork work)
    {
        Forget();
        attempts.GetOrAdd(work.Key, _ =>
        {
            var stop = new CancellationTokenSource();
            logger.LogInformation("attempt {Attempt} of step {Step} of run {Run} starts", work.Attempt, work.Step, work.RunId);
            return new Held(Task.Run(() => RunAsync(work, stop.Token)), stop, DateTimeOffset.UtcNow);
        });
    }

    public async Task<NodeAnswer> WaitAsync(string key, TimeSpan longest)
    {
        if (!attempts.TryGetValue(key, out var held))
        {
            return new NodeAnswer(false, null);
        }

        if (await Task.WhenAny(held.Run, Task.Delay(longest)).ConfigureAwait(false) != held.Run)
        {
            return new NodeAnswer(true, null);
        }

        attempts.TryRemove(key, out _);
        return new NodeAnswer(true, await held.Run.ConfigureAwait(false));
    }

    public async Task CancelAsync(string key)
    {
        if (attempts.TryGetValue(key, out var held))
        {
            await held.Stop.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task<AttemptOutcome> RunAsync(AttemptWork work, CancellationToken cancellationToken)
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
            var outcome = await executor.RunAsync(work, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("attempt {Attempt} of step {Step} of run {Run} {Outcome}", work.Attempt, work.Step, work.RunId, outcome.Outputs is not null ? "succeeded" : outcome.Error);
            return outcome;
        }
        finally
        {
            free.Release();
        }
    }

    /// <summary>Drops outcomes nobody came for (their client died).</summary>
    private void Forget()
    {
        foreach (var (key, held) in attempts)
        {
            if (held.Run.IsCompleted && DateTimeOffset.UtcNow - held.Started > Keep)
            {
                attempts.TryRemove(key, out _);
                held.Stop.Dispose();
            }
        }
    }

    private sealed record Held(Task<AttemptOutcome> Run, CancellationTokenSource Stop, DateTimeOffset Started);
}
