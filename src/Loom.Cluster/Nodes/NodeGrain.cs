using Loom.Execution.Distribution;
using Orleans.Concurrency;

namespace Loom.Cluster.Nodes;

/// <summary>The grain of a node: placed on the node its key names, answering for the attempts it holds.</summary>
[NodePlacement]
[Reentrant]
internal sealed class NodeGrain(NodeWork work) : Grain, INodeGrain
{
    public Task<NodeLoad> GetLoadAsync() => Task.FromResult(work.LoadOf(this.GetPrimaryKeyString()));

    public Task StartAsync(string key, AttemptWork attempt)
    {
        work.Start(key, attempt);
        return Task.CompletedTask;
    }

    public Task<NodeAnswer> WaitAsync(string key, TimeSpan longest) => work.WaitAsync(key, longest);

    public Task CancelAsync(string key) => work.CancelAsync(key);
}
