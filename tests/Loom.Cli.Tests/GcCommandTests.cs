using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary><c>loom gc</c>: what no run in the window, running run, registered model or recent cache entry needs goes; nothing in use does, with a run going on alongside.</summary>
public sealed class GcCommandTests
{
    [Fact]
    public async Task Gc_deletes_only_unneeded_artifacts_while_a_run_goes_on_and_a_deleted_output_is_computed_again()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var registered = await RunAsync(workspace, "0.2");
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "models", "register", registered.Id, "train.model", "--name", "churn")).Exit);
        var unregistered = await RunAsync(workspace, "0.3");
        Age(workspace);

        // A dry run lists the unregistered run's own artifacts (its split, model and metrics; its data file and
        // table are the registered run's too) and deletes nothing.
        var dry = JsonDocument.Parse((await LoomProcess.RunAsync(workspace.Path, "gc", "--keep-days", "0", "--dry-run", "--json")).Out).RootElement;
        var listed = dry.GetProperty("deleted").EnumerateArray().Select(a => a.GetProperty("sha256").GetString()!).ToHashSet();
        Assert.Equal(4, listed.Count);
        Assert.Contains(unregistered.Model, listed);
        Assert.Contains(unregistered.Metrics, listed);
        Assert.All(listed, sha => Assert.True(File.Exists(ArtifactPath(workspace, sha))));

        // A longer run going on (its data table comes from the cache, old on disk) while gc runs again and again.
        workspace.Write("pipelines/longer.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: longer
            steps:
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.35, stratify: churn, seed: 42 } }
              train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes", iterations: 1500, learning_rate: 0.01 } }
              evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }
            outputs: { model: train.model, metrics: evaluate.metrics }
            """);
        using var running = LoomProcess.Start(workspace.Path, "run", "pipelines/longer.yaml", "--json");
        var output = running.StandardOutput.ReadToEndAsync();
        var passes = 0;
        do
        {
            var gc = await LoomProcess.RunAsync(workspace.Path, "gc", "--keep-days", "0");
            Assert.True(gc.Exit == 0, gc.Err);
            passes++;
        }
        while (!running.HasExited);
        await running.WaitForExitAsync();
        Assert.True(running.ExitCode == 0, await output);
        var alongside = JsonDocument.Parse(await output).RootElement;
        Assert.Equal("succeeded", alongside.GetProperty("status").GetString());
        Assert.True(passes >= 2, $"gc ran {passes} times while the run went on");

        // The unregistered run's own artifacts are gone; the registered model's whole lineage and the new run's outputs are not.
        Assert.All(listed, sha => Assert.False(File.Exists(ArtifactPath(workspace, sha))));
        var lineage = JsonDocument.Parse((await LoomProcess.RunAsync(workspace.Path, "lineage", "churn@1", "--format", "json")).Out).RootElement;
        // (The data file the run read is in its lineage by hash; it lives in data/, not in the artifact store.)
        var upstream = lineage.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == "artifact" && !n.GetProperty("label").GetString()!.StartsWith("file ", StringComparison.Ordinal))
            .Select(n => n.GetProperty("details").GetProperty("sha256").GetString()!).ToList();
        Assert.Equal(3, upstream.Count);
        Assert.All(upstream, sha => Assert.True(File.Exists(ArtifactPath(workspace, sha)), sha));
        Assert.True(File.Exists(ArtifactPath(workspace, alongside.GetProperty("outputs").GetProperty("model").GetProperty("sha256").GetString()!)));
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", registered.Id, "evaluate.metrics", "-o", "kept.json")).Exit);

        // Fetching a deleted output says so; running its pipeline again computes it again.
        var fetch = await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", unregistered.Id, "train.model", "-o", "gone");
        Assert.NotEqual(0, fetch.Exit);
        var again = await RunAsync(workspace, "0.3");
        Assert.Equal(unregistered.Model, again.Model);
        Assert.True(File.Exists(ArtifactPath(workspace, again.Model)));

        var bad = await LoomProcess.RunAsync(workspace.Path, "gc", "--grace", "soon");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--grace must be a duration such as 90s, 10m or 1h (or 0), found 'soon'", bad.Err, StringComparison.Ordinal);
    }

    private static async Task<(string Id, string Model, string Metrics)> RunAsync(TempFolder workspace, string testFraction)
    {
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/churn.yaml", "--param", $"test_fraction={testFraction}", "--json");
        Assert.True(run.Exit == 0, run.Err);
        var outputs = JsonDocument.Parse(run.Out).RootElement;
        return (outputs.GetProperty("run_id").GetString()!, Sha(outputs, "model"), Sha(outputs, "metrics"));
    }

    private static string Sha(JsonElement run, string output) => run.GetProperty("outputs").GetProperty(output).GetProperty("sha256").GetString()!;

    private static string ArtifactPath(TempFolder workspace, string sha) => workspace.Combine(".loom", "artifacts", "sha256", sha[..2], sha);

    /// <summary>Makes every artifact file look two days old, as if the runs were long past.</summary>
    private static void Age(TempFolder workspace)
    {
        foreach (var file in Directory.EnumerateFiles(workspace.Combine(".loom", "artifacts", "sha256"), "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddDays(-2));
        }
    }
}
