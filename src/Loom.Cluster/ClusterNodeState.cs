namespace Loom.Cluster;

/// <summary>A node as the membership store lists it, and how busy it is.</summary>
/// <param name="Node">Its address (<c>IP:PORT@GENERATION</c>, as run logs name it).</param>
/// <param name="Status">Orleans' word for it: joining, active, shuttingdown, stopping, dead.</param>
/// <param name="Started">When it started.</param>
/// <param name="Slots">Attempts it runs at once; null when it is not active or did not answer.</param>
/// <param name="Busy">Attempts it holds now; null when it is not active or did not answer.</param>
public sealed record ClusterNodeState(string Node, string Status, DateTimeOffset Started, int? Slots, int? Busy);
