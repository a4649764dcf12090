using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// Three <c>loom cluster silo</c> processes, each in a workspace of its own (as on machines of their own), sharing one
/// PostgreSQL database and one artifact folder; <see cref="Environment"/> gives a client the same stores, the
/// cluster's secret and its membership (<c>LOOM_CLUSTER</c>).
/// </summary>
internal sealed class SharedStoresCluster : IAsyncDisposable
{
    public const string Secret = "a-shared-secret-for-tests";

    private readonly TempFolder artifacts;
    private readonly List<TempFolder> homes;

    private SharedStoresCluster(TempFolder artifacts, List<TempFolder> homes, Dictionary<string, string> environment)
    {
        (this.artifacts, this.homes, Environment) = (artifacts, homes, environment);
    }

    public Dictionary<string, string> Environment { get; }

    public ClusterNode[] Nodes { get; private set; } = [];

    public static async Task<SharedStoresCluster> StartAsync(PostgresServer postgres, string membership)
    {
        var environment = new Dictionary<string, string>
        {
            ["LOOM_CLUSTER_SECRET"] = Secret,
            ["LOOM_DATABASE"] = await PostgresWorkspaceTests.CreateDatabaseAsync(postgres, "cluster"),
            ["LOOM_CLUSTER"] = membership,
        };
        var artifacts = new TempFolder();
        environment["LOOM_ARTIFACTS"] = artifacts.Path;
        var homes = Enumerable.Range(0, 3).Select(_ => new TempFolder()).ToList();
        foreach (var home in homes)
        {
            home.Write("loom.yaml", "# a node's workspace: its stores come from LOOM_DATABASE and LOOM_ARTIFACTS\napiVersion: loom/v1\nkind: Workspace\n");
        }

        var cluster = new SharedStoresCluster(artifacts, homes, environment);
        try
        {
            cluster.Nodes = await Task.WhenAll(homes.Select(home => ClusterNode.StartAsync(home.Path, membership, environment)));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        homes.ForEach(h => h.Dispose());
        artifacts.Dispose();
    }
}
