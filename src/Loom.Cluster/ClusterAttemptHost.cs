using System.Collections.Concurrent;
using Loom.Cluster.Nodes;
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

    public async Task<AttemptOutcome> RunAsync(AttemptWork work, ILogger log, CancellationToken cancellationToken)
    {
        string node;
        INodeGrain grain;

        // One placement at a time: the next one sees the node this one filled (partitions start all at once).
        await placing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            node = await PickAsync(cancellationToken).ConfigureAwait(false);
            grain = client.GetGrain<INodeGrain>(node);
            await grain.StartAsync(work).WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new AttemptLostException($"the node chosen for attempt {work.Attempt} did not take it ({e.Message}); it is placed again", e);
        }
        finally
        {
            placing.Release();
        }

        try
        {
            log.LogInformation("attempt {Attempt} runs on node {Node}", work.Attempt, node);
            using var stop = cancellationToken.Register(() => _ = grain.CancelAsync(work.Key));
            while (true)
            {
                var answer = await grain.WaitAsync(work.Key, LongPoll).WaitAsync(LongPoll + AskTimeout, CancellationToken.None).ConfigureAwait(false);
                if (!answer.Known)
                {
                    throw new AttemptLostException($"node {node} no longer holds attempt {work.Attempt} (it restarted); the step runs again elsewhere");
                }

                if (answer.Outcome is { } outcome)
                {
                    return outcome;
                }
            }
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or IOException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return AttemptOutcome.Stopped;
            }

            var why = e is TimeoutException ? $"no answer within {(LongPoll + AskTimeout).TotalSeconds:0} s" : e.Message;
            var lost = $"node {node} stopped answering ({why}); attempt {work.Attempt} is given up and the step runs again elsewhere";
            log.LogWarning("{Lost}", lost);

            // If the node is only slow rather than gone, it should not go on with work nobody will record.
            _ = grain.CancelAsync(work.Key).WaitAsync(AskTimeout).ContinueWith(t => t.Exception, TaskScheduler.Default);
            throw new AttemptLostException(lost, e);
        }
    }

    /// <summary>The live node with the most free slots, waiting while none has one.</summary>
    private async Task<string> PickAsync(CancellationToken cancellationToken)
    {
        var since = DateTime.UtcNow;
        while (true)
        {
            var hosts = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(AskTimeout, cancellationToken).ConfigureAwait(false);
            var loads = await Task.WhenAll(hosts.Keys.Select(async silo =>
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
            var best = loads.OfType<NodeLoad>().Where(l => l.Free > 0)
                .OrderByDescending(l => l.Free).ThenBy(l => given.GetValueOrDefault(l.Node)).ThenBy(l => l.Node, StringComparer.Ordinal)
                .FirstOrDefault();
            if (best is not null)
            {
                given.AddOrUpdate(best.Node, 1, (_, n) => n + 1);
                return best.Node;
            }

            if (hosts.Count == 0 && DateTime.UtcNow - since > NoNodeTimeout)
            {
                throw new LoomException($"no node has been in the cluster for {NoNodeTimeout.TotalSeconds:0} s; start one with 'loom cluster silo'");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }
}
