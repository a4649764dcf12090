using System.Collections.Concurrent;
using Loom.Cluster.Nodes;
using Loom.Execution;
using Loom.Execution.Distribution;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Cluster;

/// <summary>
/// Runs attempts on the nodes of a cluster: each on the node with the most free slots (of equals, the one this
/// client gave least work), watched a few seconds at a time; a node that stops answering loses the attempt, which
/// the executor then runs again elsewhere. Whatever a lost attempt still does is never recorded: only the outcome
/// of the attempt waited on counts.
/// </summary>
internal sealed class ClusterAttemptHost(IClusterClient client) : IAttemptHost
{
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan NoNodeTimeout = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, int> given = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim placing = new(1, 1);
    private volatile SiloAddress[]? lastHosts;

    public async Task<AttemptOutcome> RunAsync(AttemptWork work, ILogger log, IRunObserver observer, CancellationToken cancellationToken)
    {
        // Each placement has a key of its own: an attempt placed again on the same node never meets its earlier self.
        var key = $"{work.Key}#{Guid.NewGuid():N}";
        string node;
        INodeGrain grain;

        // One placement at a time: the next one sees the node this one filled (partitions start all at once).
        await placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            node = await PickAsync(log, cancellationToken).ConfigureAwait(false);
            grain = client.GetGrain<INodeGrain>(node);
            try
            {
                await grain.StartAsync(key, work).WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                // It may have started after all: it should not run for nobody.
                Forget(grain, key);
                throw new AttemptLostException($"node {node} did not take attempt {work.Attempt} ({Why(e)}); it is placed again", e);
            }
        }
        finally
        {
            placing.Release();
        }

        try
        {
            log.LogInformation("attempt {Attempt} runs on node {Node}", work.Attempt, node);
            using var stop = cancellationToken.Register(() => Forget(grain, key));
            while (true)
            {
                var answer = await grain.WaitAsync(key, LongPoll).WaitAsync(LongPoll + AskTimeout, CancellationToken.None).ConfigureAwait(false);
                Show(answer, work.Step, observer, log);

                if (!answer.Known)
                {
                    throw new AttemptLostException($"node {node} no longer holds attempt {work.Attempt} (it restarted, or stopped it for want of news from this client); the step runs again elsewhere");
                }

                if (answer.Outcome is { } outcome)
                {
                    return outcome;
                }
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return AttemptOutcome.Stopped;
            }

            var lost = $"node {node} stopped answering ({Why(e)}); attempt {work.Attempt} is given up and the step runs again elsewhere";
            log.LogWarning("{Lost}", lost);

            // If the node is only slow rather than gone, it should not go on with work nobody will record.
            Forget(grain, key);
            throw new AttemptLostException(lost, e);
        }
    }

    /// <summary>
    /// The active nodes. The node asked reads the membership store for them; while that store is away (a Redis or
    /// PostgreSQL restart) the nodes last listed are used, and a client that never had a list waits up to
    /// <see cref="NoNodeTimeout"/>.
    /// </summary>
    private async Task<SiloAddress[]> HostsAsync(DateTime since, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
                return lastHosts = [.. hosts.Keys];
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                if (lastHosts is { } known)
                {
                    return known;
                }

                if (DateTime.UtcNow - since > NoNodeTimeout)
                {
                    throw new LoomException($"the cluster could not list its nodes for {NoNodeTimeout.TotalSeconds:0} s: {Why(e)}");
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Passes what the node said on to the display; a display that fails does not stop the watch.</summary>
    private static void Show(NodeAnswer answer, string step, IRunObserver observer, ILogger log)
    {
        try
        {
            foreach (var line in answer.Lines ?? [])
            {
                observer.Log(line);
            }

            if (answer.Progress is { } progress)
            {
                observer.StepProgress(step, progress.Fraction, progress.Message);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogDebug(e, "showing the node's log lines failed");
        }
    }

    private static string Why(Exception e) => e is TimeoutException ? $"no answer within {(LongPoll + AskTimeout).TotalSeconds:0} s" : e.Message;

    /// <summary>Tells the node to stop the work, without waiting or caring whether it hears.</summary>
    private static void Forget(INodeGrain grain, string key) =>
        _ = grain.CancelAsync(key).WaitAsync(AskTimeout).ContinueWith(t => t.Exception, TaskScheduler.Default);

    /// <summary>The live node with the most free slots, waiting while none has one.</summary>
    private async Task<string> PickAsync(ILogger log, CancellationToken cancellationToken)
    {
        var since = DateTime.UtcNow;
        var waitingSaid = false;
        while (true)
        {
            var hosts = await HostsAsync(since, cancellationToken).ConfigureAwait(false);
            var loads = await Task.WhenAll(hosts.Select(async silo =>
            {
                try
                {
                    return await client.GetGrain<INodeGrain>(silo.ToParsableString()).GetLoadAsync().WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OrleansException or TimeoutException)
                {
                    return null; // dying or gone: not a candidate
                }
            })).ConfigureAwait(false);
            var answering = loads.OfType<NodeLoad>().ToList();
            var best = answering.Where(l => l.Free > 0)
                .OrderByDescending(l => l.Free).ThenBy(l => given.GetValueOrDefault(l.Node)).ThenBy(l => l.Node, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null)
            {
                given.AddOrUpdate(best.Node, 1, (_, n) => n + 1);
                return best.Node;
            }

            if (answering.Count == 0 && DateTime.UtcNow - since > NoNodeTimeout)
            {
                throw new LoomException($"no node of the cluster has answered for {NoNodeTimeout.TotalSeconds:0} s ({hosts.Length} listed); start one with 'loom cluster silo', of the same Loom version as this client");
            }

            if (!waitingSaid && DateTime.UtcNow - since > TimeSpan.FromSeconds(5))
            {
                log.LogInformation("waiting for a free slot: {Nodes} node(s) answer, all busy", answering.Count);
                waitingSaid = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }
}
