using System.CommandLine;
using Loom.Cluster;

namespace Loom.Cli.Commands;

/// <summary>The options that say which cluster: <c>loom cluster silo</c> and <c>loom run --cluster</c> share them.</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Membership { get; } = new("--membership")
    {
        Description = $"Where the cluster's nodes find each other: redis://HOST[:PORT][/DATABASE], or localhost (one machine; the node on port {ClusterSettings.FirstLocalSiloPort} is the one the others join). Default: {ClusterSettings.MembershipVariable}, else localhost.",
        HelpName = "ADDRESS",
    };

    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "The cluster's name: clusters sharing a membership store stay apart.", DefaultValueFactory = _ => "loom", HelpName = "NAME" };

    public IEnumerable<Option> All => [Membership, ClusterId];

    /// <summary>The settings the options (and the environment) give; the secret always from <see cref="ClusterSettings.SecretVariable"/>.</summary>
    public ClusterSettings Read(ParseResult parse) => new()
    {
        Membership = ClusterMembership.Parse(parse.GetValue(Membership) ?? Environment.GetEnvironmentVariable(ClusterSettings.MembershipVariable) ?? "localhost"),
        ClusterId = parse.GetValue(ClusterId)!,
        Secret = ClusterSettings.SecretFromEnvironment(),
    };
}
