using Loom.Execution.Distribution;
using Loom.Metadata.Records;

namespace Loom.Cluster.Nodes;

/// <summary>
/// One node of the cluster, as a grain that lives on that node (its key is the node's address): starts attempts
/// there, says how they are going, stops them. A client waits on an attempt a few seconds at a time, so a node that
/// dies is noticed by the next call failing rather than by a long call that never returns.
/// </summary>
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>How busy the node is.</summary>
    Task<NodeLoad> GetLoadAsync();

    /// <summary>Starts the attempt under a key of this placement (starting the same key again does nothing).</summary>
    Task StartAsync(string key, AttemptWork work);

    /// <summary>Waits up to <paramref name="longest"/> for the attempt to end; asking is also how the node knows its client still wants it.</summary>
    Task<NodeAnswer> WaitAsync(string key, TimeSpan longest);

    /// <summary>Stops the attempt, if it is running.</summary>
    Task CancelAsync(string key);
}

/// <summary>How busy a node is.</summary>
/// <param name="Node">Its address.</param>
/// <param name="Slots">Attempts it runs at once.</param>
/// <param name="Busy">Attempts it holds now, running or waiting for a slot.</param>
public sealed record NodeLoad(string Node, int Slots, int Busy)
{
    /// <summary>Slots not in use.</summary>
    public int Free => Slots - Busy;
}

/// <summary>What a node says of an attempt.</summary>
/// <param name="Known">Whether the node holds it (a restarted node holds none of its past attempts).</param>
/// <param name="Outcome">How it ended, or null while it runs.</param>
/// <param name="Lines">Its log lines since the client last asked.</param>
/// <param name="Progress">Its latest progress since the client last asked, or null.</param>
public sealed record NodeAnswer(bool Known, AttemptOutcome? Outcome, IReadOnlyList<LogRecord>? Lines = null, StepProgressNote? Progress = null);

/// <summary>How far along an attempt says it is.</summary>
/// <param name="Fraction">From 0 to 1.</param>
/// <param name="Message">What it is doing, or null.</param>
public sealed record StepProgressNote(double Fraction, string? Message);
