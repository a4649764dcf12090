using System.CommandLine;
using Loom.Cluster;

namespace Loom.Cli.Commands;

/// <summary>The options that say which cluster: <c>loom cluster silo</c> and <c>loom run --cluster</c> share them.</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Membership { get; } = new("--membership")
    {
        Description = $"Where the cluster's nodes find each other: redis://HOST[:PORT][/DATABASE], postgres (a table in the workspace's PostgreSQL metadata database), postgres://USER:PASSWORD@HOST:PORT/DATABASE, or localhost (one machine; the node on port {ClusterSettings.FirstLocalSiloPort} is the one the others join). Default: {ClusterSettings.MembershipVariable}, else cluster.membership in loom.yaml, else localhost.",
        HelpName = "ADDRESS",
    };

    public Option<string?> ClusterId { get; } = new("--cluster-id") { Description = "The cluster's name: clusters sharing a membership store stay apart. Default: cluster.id in loom.yaml, else loom.", HelpName = "NAME" };

    public IEnumerable<Option> All => [Membership, ClusterId];

    /// <summary>
    /// The settings the options give, else the environment, else the workspace's <c>loom.yaml</c>; the secret always
    /// from <see cref="ClusterSettings.SecretVariable"/>.
    /// </summary>
    /// <exception cref="Loom.Sdk.LoomException">The membership is not one, or the secret is missing.</exception>
    public ClusterSettings Read(ParseResult parse, Loom.Execution.Workspace workspace) => new()
    {
        Membership = ClusterMembership.Parse(
            parse.GetValue(Membership) ?? Environment.GetEnvironmentVariable(ClusterSettings.MembershipVariable) ?? workspace.Settings.ClusterMembership ?? "localhost",
            (workspace.Store as Loom.Metadata.Postgres.PostgresMetadataStore)?.ConnectionString),
        ClusterId = parse.GetValue(ClusterId) ?? workspace.Settings.ClusterId ?? "loom",
        Secret = ClusterSettings.SecretFromEnvironment(),
    };
}
