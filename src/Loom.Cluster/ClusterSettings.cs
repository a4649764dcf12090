using System.Net;
using Loom.Sdk;

namespace Loom.Cluster;

/// <summary>How a node joins a Loom cluster, and how a client finds it.</summary>
public sealed record ClusterSettings
{
    /// <summary>The environment variable holding the cluster's shared secret (never given on a command line, where other users could read it).</summary>
    public const string SecretVariable = "LOOM_CLUSTER_SECRET";

    /// <summary>The environment variable naming the membership store when no option does.</summary>
    public const string MembershipVariable = "LOOM_CLUSTER";

    /// <summary>With localhost membership, the port of the node the others join.</summary>
    public const int FirstLocalSiloPort = 11111;

    /// <summary>The shortest shared secret accepted.</summary>
    public const int MinSecretLength = 16;

    /// <summary>The cluster's name: nodes and clients of different clusters sharing a membership store never meet.</summary>
    public string ClusterId { get; init; } = "loom";

    /// <summary>Where nodes find each other.</summary>
    public ClusterMembership Membership { get; init; } = ClusterMembership.Localhost;

    /// <summary>The address a node listens on and tells others; 127.0.0.1 unless told otherwise.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port nodes talk to each other on.</summary>
    public int SiloPort { get; init; } = FirstLocalSiloPort;

    /// <summary>The port clients (<c>loom run --cluster</c>) connect to.</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>How many step attempts a node runs at once.</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>The secret every node and client proves it knows before anything else is said on a connection.</summary>
    public string Secret { get; init; } = "";

    /// <summary>The secret from <see cref="SecretVariable"/>.</summary>
    /// <exception cref="LoomException">It is not set, or too short.</exception>
    public static string SecretFromEnvironment()
    {
        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        return string.IsNullOrEmpty(secret)
            ? throw new LoomException($"{SecretVariable} is not set: every node and client of a cluster proves it knows the cluster's shared secret; set it to the same text of {MinSecretLength} or more characters everywhere")
            : secret.Length < MinSecretLength
                ? throw new LoomException($"{SecretVariable} is {secret.Length} characters long; use {MinSecretLength} or more")
                : secret;
    }
}
