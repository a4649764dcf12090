using Loom.Execution.Distribution;

namespace Loom.Server.Runs;

/// <summary>Where the server's runs execute their steps: a cluster's nodes, or (null) the server's own process.</summary>
/// <param name="Cluster">The cluster's attempt host, or null.</param>
internal sealed record RunPlacement(IAttemptHost? Cluster);
