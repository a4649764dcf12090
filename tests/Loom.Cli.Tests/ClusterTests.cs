using System.Diagnostics;
using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>
/// <c>loom run --cluster</c> on three <c>loom cluster silo</c> processes that find each other through a real Redis
/// server, or through a table in the real PostgreSQL database they share with one artifact folder: steps spread over
/// the nodes, the results equal a local run's bit for bit, a node killed mid-step costs one re-run elsewhere, a
/// restarted database loses nothing, and a client without the cluster's secret is refused.
/// </summary>
public sealed class ClusterTests
{
    private const string Secret = SharedStoresCluster.Secret;

    [Fact]
    public async Task Steps_spread_over_three_nodes_equal_a_local_run_and_a_node_killed_mid_step_costs_one_re_run_elsewhere()
    {
        using var redis = await RedisServer.StartAsync();
        using var postgres = PostgresServer.Start();
        await using var cluster = await SharedStoresCluster.StartAsync(postgres, redis.Membership);
        var (shared, nodes) = (cluster.Environment, cluster.Nodes);
        using var workspace = LoomProcess.CopyExample("telco-churn");
        WriteSlowPipeline(workspace);
        var onCluster = await RunAsync(workspace.Path, shared, "pipelines/churn.yaml", "--cluster", "--membership", redis.Membership);
        var first = onCluster.RootElement.GetProperty("run_id").GetString()!;
        var placed = await PlacementsAsync(workspace.Path, shared, first);
        Assert.Equal(["evaluate", "load", "split", "train"], placed.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(3, placed.Values.Distinct().Count());
        Assert.All(nodes, node => Assert.True(node.Printed(l => l.Contains("of step ", StringComparison.Ordinal) && l.EndsWith(" succeeded", StringComparison.Ordinal)), node.Output));

        var local = await RunAsync(workspace.Path, shared, "pipelines/churn.yaml", "--no-cache");
        Assert.Equal(Outputs(local), Outputs(onCluster));

        // A row-wise step on a table of two row groups: split in two, run on two nodes at once, joined in order.
        WriteBatchPipeline(workspace, times: 10);
        var batchLocal = await RunAsync(workspace.Path, shared, "pipelines/batch.yaml", "--no-cache");
        var batchCluster = await RunAsync(workspace.Path, shared, "pipelines/batch.yaml", "--no-cache", "--cluster", "--membership", redis.Membership, "--partition-rows", "65536");
        Assert.Equal(Outputs(batchLocal), Outputs(batchCluster));
        var scoreLog = (await LoomProcess.RunWithEnvironmentAsync(workspace.Path, shared, "logs", batchCluster.RootElement.GetProperty("run_id").GetString()!, "score")).Out;
        Assert.Contains("input 'table' (70430 rows, 2 row groups) is split into 2 partitions of up to 1 row groups", scoreLog, StringComparison.Ordinal);
        Assert.Equal(2, scoreLog.Split('\n').Where(l => l.Contains(" runs on node ", StringComparison.Ordinal)).Select(l => l[l.IndexOf(" runs on node ", StringComparison.Ordinal)..]).Distinct().Count());

        // A node killed while it trains: the attempt is given up, runs again on another node, and the model is the same.
        _ = await KillTheTrainingNodeAsync(workspace, shared, redis.Membership, nodes, [first, batchCluster.RootElement.GetProperty("run_id").GetString()!]);
    }

    [Fact]
    public async Task Nodes_that_find_each_other_in_the_workspaces_postgres_database_spread_a_run_survive_its_restart_and_a_killed_node()
    {
        using var postgres = PostgresServer.Start();
        await using var cluster = await SharedStoresCluster.StartAsync(postgres, "postgres");
        var (shared, nodes) = (cluster.Environment, cluster.Nodes);
        using var workspace = LoomProcess.CopyExample("telco-churn");
        WriteSlowPipeline(workspace);
        Assert.All(nodes, node => Assert.True(node.Printed(l => l.Contains($"joined cluster 'loom' (postgres 127.0.0.1:{postgres.Port}/cluster)", StringComparison.Ordinal)), node.Output));

        // A run spread over the three nodes while PostgreSQL — the metadata and the membership table — goes away for
        // three seconds: the client and the nodes wait for it, no node is taken for dead, and the results equal a local run's.
        using var outage = LoomProcess.Start(workspace.Path, ["run", "pipelines/churn.yaml", "--json", "--cluster"], shared);
        var outageOutput = outage.StandardOutput.ReadToEndAsync();
        var outageErrors = outage.StandardError.ReadToEndAsync();
        await WhichNodeRunsAsync(nodes, "split", [], TimeSpan.FromSeconds(60));
        postgres.Stop();
        await Task.Delay(3000);
        postgres.Restart();
        await outage.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.True(outage.ExitCode == 0, $"exit {outage.ExitCode}: {await outageErrors}{await outageOutput}");
        var survived = JsonDocument.Parse(await outageOutput);
        var first = survived.RootElement.GetProperty("run_id").GetString()!;
        Assert.DoesNotContain(survived.RootElement.GetProperty("attempts").EnumerateArray(), a => a.GetProperty("status").GetString() != "succeeded");
        Assert.Equal(3, (await PlacementsAsync(workspace.Path, shared, first)).Values.Distinct().Count());
        var local = await RunAsync(workspace.Path, shared, "pipelines/churn.yaml", "--no-cache");
        Assert.Equal(Outputs(local), Outputs(survived));

        // What a step logs on its node is shown by the client as it comes, as in a local run: here a warning of the trainer's.
        var lines = File.ReadAllLines(workspace.Combine("data", "telco_churn.csv"));
        File.WriteAllLines(workspace.Combine("data", "gaps.csv"), [lines[0], lines[1][lines[1].IndexOf(',', StringComparison.Ordinal)..], .. lines[2..]]);
        workspace.Write("pipelines/gaps.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: gaps
            steps:
              load: { component: data.read-csv@1, params: { path: data/gaps.csv } }
              train: { component: train.lightgbm-binary@1, inputs: { table: load.table }, params: { label: churn, positive: "Yes", iterations: 20 } }
            """);
        var gaps = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, shared, "run", "pipelines/gaps.yaml", "--cluster");
        Assert.True(gaps.Exit == 0, gaps.Err + gaps.Out);
        Assert.Contains("train            warning: dropped 1 row(s) whose label 'churn' is missing", gaps.Out, StringComparison.Ordinal);
        var gapsRun = System.Text.RegularExpressions.Regex.Match(gaps.Out, @"r\d{14}-[0-9a-f]{6}").Value;

        // The node killed mid-step is voted dead in the table, and its attempt runs again elsewhere.
        string[] seen = [first, gapsRun];
        var (killed, recovered) = await KillTheTrainingNodeAsync(workspace, shared, "postgres", nodes, seen);
        // The table holds every node, the killed one voted dead (the vote may take a few seconds to be written).
        await using var database = Npgsql.NpgsqlDataSource.Create(Loom.Metadata.Postgres.PostgresAddress.Parse(shared["LOOM_DATABASE"]));
        const int Active = 3, Dead = 6;
        var expected = nodes.ToDictionary(n => $"127.0.0.1:{n.Port}", n => n == killed ? Dead : Active);
        var table = new Dictionary<string, int>();
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(250))
        {
            await using var statuses = database.CreateCommand("SELECT address, status FROM cluster_members WHERE cluster_id = 'loom'");
            await using var rows = await statuses.ExecuteReaderAsync();
            table.Clear();
            while (await rows.ReadAsync())
            {
                table[rows.GetString(0).Split('@')[0]] = rows.GetInt32(1);
            }

            if (table.Count == expected.Count && expected.All(e => table.GetValueOrDefault(e.Key) == e.Value))
            {
                break;
            }
        }

        Assert.Equal(expected.OrderBy(e => e.Key), table.OrderBy(e => e.Key));

        // loom cluster nodes shows the same: two active nodes with their slot each, and the dead one.
        var listed = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, shared, "cluster", "nodes", "--json");
        Assert.True(listed.Exit == 0, listed.Err);
        var states = JsonDocument.Parse(listed.Out).RootElement.EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!.Split('@')[0], n => n);
        Assert.All(nodes, n =>
        {
            Assert.True(states.TryGetValue($"127.0.0.1:{n.Port}", out var state), listed.Out);
            Assert.Equal(n == killed ? "dead" : "active", state.GetProperty("status").GetString());
            Assert.Equal(n != killed, state.TryGetProperty("slots", out _));
        });
        var text = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, shared, "cluster", "nodes");
        Assert.Contains($"cluster 'loom' (postgres 127.0.0.1:{postgres.Port}/cluster): 2 active node(s), 2 slot(s), 0 busy", text.Out, StringComparison.Ordinal);

        // The client killed mid-run leaves the run interrupted; --resume on the cluster finishes it, reusing the steps done.
        using var client = LoomProcess.Start(workspace.Path, ["run", "pipelines/slow.yaml", "--no-cache", "--json", "--cluster"], shared);
        await WhichNodeRunsAsync([.. nodes.Where(n => n != killed)], "train", [.. seen, recovered.RootElement.GetProperty("run_id").GetString()!], TimeSpan.FromSeconds(60));
        client.Kill(entireProcessTree: true);
        await client.WaitForExitAsync();
        var runs = JsonDocument.Parse((await LoomProcess.RunWithEnvironmentAsync(workspace.Path, shared, "runs", "list", "--json")).Out).RootElement;
        Assert.Equal("interrupted", runs[0].GetProperty("status").GetString());
        var resumed = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, shared, "run", "--resume", runs[0].GetProperty("run_id").GetString()!, "--cluster", "--json");
        Assert.True(resumed.Exit == 0, resumed.Err + resumed.Out);
        var finished = JsonDocument.Parse(resumed.Out);
        Assert.Equal(runs[0].GetProperty("run_id").GetString(), finished.RootElement.GetProperty("run_id").GetString());
        Assert.Equal(Outputs(recovered), Outputs(finished));
    }

    [Fact]
    public async Task A_client_without_the_clusters_secret_is_refused_a_cancelled_run_stops_on_the_node_and_the_server_runs_on_it()
    {
        using var redis = await RedisServer.StartAsync();
        using var workspace = LoomProcess.CopyExample("telco-churn");
        WriteSlowPipeline(workspace);
        var environment = new Dictionary<string, string> { ["LOOM_CLUSTER_SECRET"] = Secret };
        await using var node = await ClusterNode.StartAsync(workspace.Path, redis.Membership, environment);

        // Ctrl+C on the client stops the attempt on the node, and the run is recorded as cancelled.
        using var run = LoomProcess.Start(workspace.Path, ["run", "pipelines/slow.yaml", "--cluster", "--membership", redis.Membership], environment);
        var runOutput = run.StandardOutput.ReadToEndAsync();
        await WhichNodeRunsAsync([node], "train", [], TimeSpan.FromSeconds(60));
        await LoomProcess.InterruptAsync(run);
        Assert.True(run.ExitCode == 130, await runOutput);
        await node.WaitForAsync(l => l.Contains("attempt 1 of step train of run", StringComparison.Ordinal) && l.EndsWith(" cancelled", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var runs = JsonDocument.Parse((await LoomProcess.RunAsync(workspace.Path, "runs", "list", "--json")).Out).RootElement;
        Assert.Equal("cancelled", runs[0].GetProperty("status").GetString());

        // loom server --cluster, its cluster named in loom.yaml: a run started through the API runs its steps on the node.
        var settings = await File.ReadAllTextAsync(workspace.Combine("loom.yaml"));
        await File.WriteAllTextAsync(workspace.Combine("loom.yaml"), settings + $"\ncluster:\n  membership: \"{redis.Membership}\"\n");
        using var server = LoomProcess.Start(workspace.Path, ["server", "--urls", "http://127.0.0.1:0", "--cluster"], environment);
        try
        {
            using var http = new HttpClient { BaseAddress = await ServerCommandTests.ListeningAddressAsync(server) };
            using var started = await http.PostAsync("/api/runs", new StringContent("""{ "pipeline": "telco-churn" }""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
            var id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            string status;
            while ((status = JsonDocument.Parse(await http.GetStringAsync($"/api/runs/{id}")).RootElement.GetProperty("status").GetString()!) is "running")
            {
                Assert.True(DateTime.UtcNow < deadline, "the run started through the server did not end within 90 s");
                await Task.Delay(250);
            }

            Assert.Equal("succeeded", status);
            // load and split are cache hits of the cancelled run; the steps that ran, ran on the node.
            Assert.Equal(["evaluate", "train"], (await PlacementsAsync(workspace.Path, environment, id)).Keys.Order(StringComparer.Ordinal));
        }
        finally
        {
            await LoomProcess.InterruptAsync(server);
        }

        await File.WriteAllTextAsync(workspace.Combine("loom.yaml"), settings + "\ncluster: redis\n");
        var malformed = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, environment, "run", "pipelines/churn.yaml", "--cluster");
        Assert.Equal(2, malformed.Exit);
        Assert.Contains("'cluster' must be a mapping of 'membership' and 'id'", malformed.Err, StringComparison.Ordinal);
        await File.WriteAllTextAsync(workspace.Combine("loom.yaml"), settings);

        var wrong = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, new Dictionary<string, string> { ["LOOM_CLUSTER_SECRET"] = "another-secret-entirely" }, "run", "pipelines/churn.yaml", "--cluster", "--membership", redis.Membership);
        Assert.Equal(2, wrong.Exit);
        Assert.Contains("cannot reach cluster 'loom' (redis://127.0.0.1:", wrong.Err, StringComparison.Ordinal);
        await node.WaitForAsync(l => l.Contains("refused a connection from", StringComparison.Ordinal) && l.Contains("its answer to the challenge is wrong", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        var none = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, new Dictionary<string, string> { ["LOOM_CLUSTER_SECRET"] = "" }, "run", "pipelines/churn.yaml", "--cluster", "--membership", redis.Membership);
        Assert.Equal(2, none.Exit);
        Assert.Contains("LOOM_CLUSTER_SECRET is not set", none.Err, StringComparison.Ordinal);
        var membership = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, new Dictionary<string, string> { ["LOOM_CLUSTER_SECRET"] = Secret }, "run", "pipelines/churn.yaml", "--cluster", "--membership", "redis:/nowhere");
        Assert.Equal(2, membership.Exit);
        Assert.Contains("'redis:/nowhere' is not a cluster membership: write redis://HOST[:PORT][/DATABASE]", membership.Err, StringComparison.Ordinal);
        var noDatabase = await LoomProcess.RunWithEnvironmentAsync(workspace.Path, new Dictionary<string, string> { ["LOOM_CLUSTER_SECRET"] = Secret }, "cluster", "silo", "--membership", "postgres");
        Assert.Equal(2, noDatabase.Exit);
        Assert.Contains("membership 'postgres' keeps the cluster's membership in the workspace's metadata database, but this workspace keeps its metadata in SQLite", noDatabase.Err, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs the slow pipeline on the cluster and kills (-9) the node that trains mid-step: the attempt is given up,
    /// runs again on another node, and the model is the same as a local run's.
    /// </summary>
    private static async Task<(ClusterNode Killed, JsonDocument Recovered)> KillTheTrainingNodeAsync(TempFolder workspace, IReadOnlyDictionary<string, string> environment, string membership, ClusterNode[] nodes, IReadOnlyList<string> earlier)
    {
        using var slow = LoomProcess.Start(workspace.Path, ["run", "pipelines/slow.yaml", "--no-cache", "--json", "--cluster", "--membership", membership], environment);
        var output = slow.StandardOutput.ReadToEndAsync();
        var errors = slow.StandardError.ReadToEndAsync();
        var training = await WhichNodeRunsAsync(nodes, "train", earlier, TimeSpan.FromSeconds(60));
        training.Kill();
        await slow.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token);
        Assert.True(slow.ExitCode == 0, await errors);
        var recovered = JsonDocument.Parse(await output);
        var attempts = recovered.RootElement.GetProperty("attempts").EnumerateArray().Where(a => a.GetProperty("step").GetString() == "train").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("failed", attempts[0].GetProperty("status").GetString());
        Assert.Contains($"node 127.0.0.1:{training.Port}", attempts[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("stopped answering", attempts[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("succeeded", attempts[1].GetProperty("status").GetString());
        var rerun = await PlacementsAsync(workspace.Path, environment, recovered.RootElement.GetProperty("run_id").GetString()!);
        Assert.NotEqual($"127.0.0.1:{training.Port}", rerun["train"].Split('@')[0]);

        var slowLocal = await RunAsync(workspace.Path, environment, "pipelines/slow.yaml", "--no-cache");
        Assert.Equal(Outputs(slowLocal), Outputs(recovered));
        return (training, recovered);
    }

    /// <summary>The churn pipeline with a trainer that takes seconds, long enough to kill or cancel it mid-step.</summary>
    private static void WriteSlowPipeline(TempFolder workspace)
    {
        var churn = File.ReadAllText(workspace.Combine("pipelines", "churn.yaml"));
        workspace.Write("pipelines/slow.yaml", churn
            .Replace("name: telco-churn", "name: telco-slow", StringComparison.Ordinal)
            .Replace("params: { label: churn, positive: \"Yes\" }", "params: { label: churn, positive: \"Yes\", iterations: 5000, learning_rate: 0.01 }", StringComparison.Ordinal));
    }

    /// <summary>A model trained on the data, then every row of the data repeated <paramref name="times"/> times scored, and the likely leavers kept.</summary>
    private static void WriteBatchPipeline(TempFolder workspace, int times)
    {
        var lines = File.ReadAllLines(workspace.Combine("data", "telco_churn.csv"));
        File.WriteAllLines(workspace.Combine("data", "many.csv"), [lines[0], .. Enumerable.Repeat(lines[1..], times).SelectMany(l => l)]);
        workspace.Write("pipelines/batch.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: batch
            seed: 42
            steps:
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              train: { component: train.lightgbm-binary@1, inputs: { table: load.table }, params: { label: churn, positive: "Yes" } }
              many: { component: data.read-csv@1, params: { path: data/many.csv } }
              score: { component: score@1, inputs: { model: train.model, table: many.table } }
              leavers: { component: table.filter@1, inputs: { table: score.table }, params: { expression: 'Probability > 0.5' } }
            outputs: { scored: score.table, leavers: leavers.table }
            """);
    }

    private static async Task<JsonDocument> RunAsync(string workspace, IReadOnlyDictionary<string, string> environment, string pipeline, params string[] options)
    {
        var run = await LoomProcess.RunWithEnvironmentAsync(workspace, environment, ["run", pipeline, "--json", .. options]);
        Assert.True(run.Exit == 0, run.Err + run.Out);
        return JsonDocument.Parse(run.Out);
    }

    private static Dictionary<string, string> Outputs(JsonDocument run) =>
        run.RootElement.GetProperty("outputs").EnumerateObject().ToDictionary(o => o.Name, o => o.Value.GetProperty("sha256").GetString()!);

    /// <summary>Step to the node its last attempt ran on, from the run's log ("attempt N runs on node ADDRESS").</summary>
    private static async Task<Dictionary<string, string>> PlacementsAsync(string workspace, IReadOnlyDictionary<string, string> environment, string run)
    {
        var logs = await LoomProcess.RunWithEnvironmentAsync(workspace, environment, "logs", run);
        Assert.Equal(0, logs.Exit);
        var placed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in logs.Out.Split('\n').Where(l => l.Contains(" runs on node ", StringComparison.Ordinal)))
        {
            var step = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].Split('#')[0];
            placed[step] = line[(line.IndexOf(" runs on node ", StringComparison.Ordinal) + " runs on node ".Length)..].Trim();
        }

        return placed;
    }

    /// <summary>The node that starts the first attempt of a step for a run other than those <paramref name="earlier"/>.</summary>
    private static async Task<ClusterNode> WhichNodeRunsAsync(ClusterNode[] nodes, string step, IReadOnlyList<string> earlier, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (nodes.FirstOrDefault(n => n.Printed(l => l.Contains($"attempt 1 of step {step} of run", StringComparison.Ordinal) && l.EndsWith(" starts", StringComparison.Ordinal) && !earlier.Any(r => l.Contains(r, StringComparison.Ordinal)))) is { } node)
            {
                return node;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no node started step {step} within {timeout.TotalSeconds:0} s");
    }
}
