using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>The model registry through the command line: versions of a run's model, aliases, rollback and the trail.</summary>
public sealed class ModelRegistryCommandTests
{
    [Fact]
    public async Task A_run_s_model_is_registered_promoted_rolled_back_and_every_move_is_on_the_trail()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/churn.yaml", "--param", "test_fraction=0.25", "--json");
        Assert.True(run.Exit == 0, run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;

        var first = await Loom(workspace, "models", "register", id, "train.model", "--name", "churn");
        Assert.StartsWith($"registered churn version 1 from run {id} (train.model)", first, StringComparison.Ordinal);
        Assert.Matches(@"evaluate: auc 0\.8\d+", first);
        Assert.StartsWith("registered churn version 2", await Loom(workspace, "models", "register", id[..10], "train.model", "--name", "churn", "--description", "same run, for the test"), StringComparison.Ordinal);

        await Refused(workspace, "evaluate.metrics of run " + id + " is a metrics, not a model", "models", "register", id, "evaluate.metrics", "--name", "churn");
        await Refused(workspace, "step 'train' of run " + id + " wrote no output 'weights'; it wrote model", "models", "register", id, "train.weights", "--name", "churn");
        await Refused(workspace, "model name 'Churn!' must start with a letter", "models", "register", id, "train.model", "--name", "Churn!");
        await Refused(workspace, "'train' is not STEP.PORT", "models", "register", id, "train", "--name", "churn");

        Assert.Equal("churn@production is version 1", (await Loom(workspace, "models", "promote", "churn", "1", "--to", "production", "--reason", "first model")).Trim());
        Assert.Equal("churn@production is version 2 (was 1)", (await Loom(workspace, "models", "promote", "churn", "2", "--to", "production")).Trim());
        await Refused(workspace, "'production' of model 'churn' is version 2 already", "models", "promote", "churn", "2", "--to", "production");
        await Refused(workspace, "model 'churn' has no version 9; its versions are 1 to 2", "models", "promote", "churn", "9", "--to", "production");
        await Refused(workspace, "no model named 'ames' is registered; the models are churn", "models", "promote", "ames", "1", "--to", "production");

        var listed = JsonDocument.Parse(await Loom(workspace, "models", "list", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal([1, 2], listed.Select(v => v.GetProperty("version").GetInt32()));
        Assert.Equal(["production"], listed[1].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var shown = JsonDocument.Parse(await Loom(workspace, "models", "show", "churn@production")).RootElement;
        Assert.Equal((2, "train.model", "telco-churn"), (shown.GetProperty("version").GetInt32(), shown.GetProperty("output").GetString(), shown.GetProperty("pipeline").GetString()));
        Assert.InRange(shown.GetProperty("metrics").GetProperty("evaluate").GetProperty("auc").GetDouble(), 0.8, 1);
        var lineage = shown.GetProperty("lineage");
        Assert.Equal("train.lightgbm-binary@1.0.0", lineage.GetProperty("steps").GetProperty("train").GetProperty("component").GetString());
        Assert.Equal(["load", "split", "train"], lineage.GetProperty("steps").EnumerateObject().Select(s => s.Name));
        Assert.Equal("0.25", lineage.GetProperty("parameters").GetProperty("test_fraction").ToString());

        Assert.Equal("churn@production is version 1 again (was 2)", (await Loom(workspace, "models", "rollback", "churn", "--alias", "production", "--reason", "drift on new customers")).Trim());
        await Refused(workspace, "'production' of model 'churn' is version 1, and no version held it before; there is nothing to roll back to", "models", "rollback", "churn", "--alias", "production");
        await Refused(workspace, "model 'churn' has no alias 'staging'; its aliases are production", "models", "rollback", "churn", "--alias", "staging");

        var trail = JsonDocument.Parse(await Loom(workspace, "models", "history", "churn", "--json")).RootElement.EnumerateArray().ToList();
        Assert.Equal(["promote", "promote", "rollback"], trail.Select(m => m.GetProperty("action").GetString()));
        Assert.Equal([null, "1", "2"], trail.Select(m => m.TryGetProperty("from", out var from) ? from.ToString() : null));
        Assert.Equal(["first model", null, "drift on new customers"], trail.Select(m => m.TryGetProperty("reason", out var reason) ? reason.GetString() : null));
        Assert.All(trail, m => Assert.Equal(Environment.UserName, m.GetProperty("actor").GetString()));
        Assert.Contains("rollback", await Loom(workspace, "models", "history", "churn"), StringComparison.Ordinal);

        Assert.Equal($"{Environment.UserName} approved churn version 2", (await Loom(workspace, "models", "approve", "churn", "2", "--comment", "checked the slices")).Trim());

        // Lineage: the model back to the data file through exactly the steps upstream of it (not the evaluation).
        var graph = JsonDocument.Parse(await Loom(workspace, "lineage", "churn@production", "--format", "json")).RootElement;
        Assert.Equal("model:churn@1", graph.GetProperty("root").GetString());
        var nodes = graph.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetString()!);
        var edges = graph.GetProperty("edges").EnumerateArray().Select(e => (From: Short(e.GetProperty("from").GetString()!), To: Short(e.GetProperty("to").GetString()!), Port: e.GetProperty("label").GetString())).ToList();
        string Short(string node) => node.StartsWith("step:", StringComparison.Ordinal) ? node[(node.IndexOf('/', StringComparison.Ordinal) + 1)..] : nodes[node].GetProperty("label").GetString()!.Split(' ')[0];
        Assert.Equal(
            [("train", "model", "model"), ("table", "train", "table"), ("split", "table", "train"), ("table", "split", "table"), ("load", "table", "table"), ("file", "load", "params.path"), ("model", "churn", "registered")],
            edges);
        var file = nodes.Values.Single(n => n.GetProperty("label").GetString()!.StartsWith("file ", StringComparison.Ordinal));
        Assert.Equal("data/telco_churn.csv", file.GetProperty("details").GetProperty("path").GetString());
        Assert.Equal("train.lightgbm-binary@1.0.0", nodes[$"step:{id}/train"].GetProperty("details").GetProperty("component").GetString());
        Assert.Contains("digraph lineage {", await Loom(workspace, "lineage", "churn@1", "--format", "dot"), StringComparison.Ordinal);

        // And the data file forward: the run's load step read it, and both versions came from it.
        var sha = file.GetProperty("details").GetProperty("sha256").GetString()!;
        var forward = JsonDocument.Parse(await Loom(workspace, "lineage", sha[..10], "--format", "json")).RootElement;
        Assert.Equal(
            [$"artifact:{sha} -> step:{id}/load", $"artifact:{sha} -> model:churn@1", $"artifact:{sha} -> model:churn@2"],
            forward.GetProperty("edges").EnumerateArray().Select(e => $"{e.GetProperty("from").GetString()} -> {e.GetProperty("to").GetString()}"));
        await Refused(workspace, "no run read or wrote an artifact whose hash starts with 0000000", "lineage", "0000000");
    }

    private static async Task<string> Loom(TempFolder workspace, params string[] args)
    {
        var (exit, stdout, stderr) = await LoomProcess.RunAsync(workspace.Path, args);
        Assert.True(exit == 0, $"loom {string.Join(' ', args)}: {stdout}{stderr}");
        return stdout;
    }

    private static async Task Refused(TempFolder workspace, string message, params string[] args)
    {
        var (exit, _, stderr) = await LoomProcess.RunAsync(workspace.Path, args);
        Assert.Equal(2, exit);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }
}
