using System.Globalization;
using System.Text.Json;
using Loom.Testing;

namespace Loom.Cli.Tests;

/// <summary>Gates before an alias moves, through the command line: metric thresholds, comparisons with the holder on the same data, data checks, approvals.</summary>
public sealed class ModelGateCommandTests
{
    private const string Steps = """
          split: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn, seed: 42 } }
          train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes" } }
        """;

    [Fact]
    public async Task A_gate_compares_with_the_holder_on_the_candidate_s_data_checks_missing_values_and_approvals_and_a_failed_gate_moves_nothing()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        // Version 1 is trained without the rows that miss total_charges; version 2 with them (the example's pipeline).
        var complete = await RegisterAsync(workspace, "complete", """
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              known: { component: table.filter@1, inputs: { table: load.table }, params: { expression: 'total_charges >= 0' } }
              split: { component: data.split@1, inputs: { table: known.table }, params: { stratify: churn, seed: 42 } }
              train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes" } }
              evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }
            """);
        Assert.Equal(1, complete.Version);
        Assert.Equal("churn@production is version 1", (await Loom(workspace, "models", "promote", "churn", "1", "--to", "production")).Out.Trim());
        var full = await RegisterAsync(workspace, "full", $$"""
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
            {{Steps}}
              evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }
            """);
        workspace.Write("gates/production.yaml", """
            apiVersion: loom/v1
            kind: Gate
            name: production
            metrics:
              - auc >= 0.75
              - evaluate.auc >= production.auc - 0.05
              - log_loss <= 0.1
            data: { schema: unchanged, missing_values: no-new-columns }
            approvals: 1
            """);

        var check = await Loom(workspace, "models", "check", "churn", "2", "--to", "production", "--gate", "gates/production.yaml", "--json");
        Assert.Equal(1, check.Exit);
        var report = JsonDocument.Parse(check.Out).RootElement;
        Assert.Equal(1, report.GetProperty("holder").GetInt32());
        var outcomes = report.GetProperty("outcomes").EnumerateArray().ToDictionary(o => o.GetProperty("rule").GetString()!);
        Assert.Equal(
            ["auc >= 0.75", "evaluate.auc >= production.auc - 0.05", "log_loss <= 0.1", "schema unchanged", "missing_values no-new-columns", "approvals 1"],
            outcomes.Keys);
        Assert.True(outcomes["auc >= 0.75"].GetProperty("passed").GetBoolean());
        Assert.Equal(full.Auc, outcomes["auc >= 0.75"].GetProperty("value").GetDouble());

        // Version 1's run measured it on its own test rows; the gate measures it on version 2's.
        var compared = outcomes["evaluate.auc >= production.auc - 0.05"];
        Assert.Contains("production is version 1", compared.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("measured now", compared.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(complete.Auc - 0.05, compared.GetProperty("threshold").GetDouble(), 12);
        var logLoss = outcomes["log_loss <= 0.1"];
        Assert.False(logLoss.GetProperty("passed").GetBoolean());
        Assert.Equal(0.1, logLoss.GetProperty("threshold").GetDouble());
        Assert.Contains($"evaluate.log_loss {logLoss.GetProperty("value").GetDouble().ToString("0.######", CultureInfo.InvariantCulture)} fails <= 0.1", logLoss.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(outcomes["schema unchanged"].GetProperty("passed").GetBoolean());
        Assert.Matches(@"missing values in the training data where production's \(version 1\) had none: total_charges \(\d+ rows\)", outcomes["missing_values no-new-columns"].GetProperty("detail").GetString());
        Assert.Equal("needs 1 approval from different people ('loom models approve churn 2'); it has none", outcomes["approvals 1"].GetProperty("detail").GetString());

        // A failed gate moves nothing.
        var refused = await Loom(workspace, "models", "promote", "churn", "2", "--to", "production", "--gate", "gates/production.yaml");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("FAIL  log_loss <= 0.1: evaluate.log_loss", refused.Out, StringComparison.Ordinal);
        Assert.Contains("churn version 2 did not pass gate 'production'; 'production' was not moved", refused.Err, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse((await Loom(workspace, "models", "history", "churn", "--json")).Out).RootElement.EnumerateArray());

        // Approved, under a gate that lets missing values be, it moves, and the trail keeps the gate's report.
        workspace.Write("gates/lenient.yaml", """
            apiVersion: loom/v1
            kind: Gate
            name: lenient
            metrics: [ "auc >= production.auc - 0.05", "auc >= staging.auc" ]
            data: { schema: unchanged }
            approvals: 1
            """);
        Assert.Equal(0, (await Loom(workspace, "models", "approve", "churn", "2")).Exit);
        var promoted = await Loom(workspace, "models", "promote", "churn", "2", "--to", "production", "--gate", "gates/lenient.yaml", "--reason", "more rows");
        Assert.True(promoted.Exit == 0, promoted.Out + promoted.Err);
        Assert.Contains("skip  auc >= staging.auc: skipped: 'staging' points at no version of 'churn' yet", promoted.Out, StringComparison.Ordinal);
        Assert.EndsWith("churn@production is version 2 (was 1)", promoted.Out.Trim(), StringComparison.Ordinal);
        var move = JsonDocument.Parse((await Loom(workspace, "models", "history", "churn", "--json")).Out).RootElement.EnumerateArray().Last();
        var kept = move.GetProperty("gate");
        Assert.Equal(("lenient", true), (kept.GetProperty("gate").GetString(), kept.GetProperty("outcomes").EnumerateArray().All(o => o.GetProperty("passed").GetBoolean())));

        // Version 3 is version 2's very model (same steps, so cached), evaluated on every row: measured on the same
        // data, the holder scores exactly what the candidate scores. Checked against itself, the holder's recorded metrics are used.
        var wide = await RegisterAsync(workspace, "wide", $$"""
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
            {{Steps}}
              evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: load.table } }
            """);
        workspace.Write("gates/same.yaml", """
            apiVersion: loom/v1
            kind: Gate
            name: same
            metrics: [ "auc >= production.auc", "auc > production.auc" ]
            """);
        var same = JsonDocument.Parse((await Loom(workspace, "models", "check", "churn", "3", "--to", "production", "--gate", "gates/same.yaml", "--json")).Out).RootElement;
        var (atLeast, above) = (same.GetProperty("outcomes")[0], same.GetProperty("outcomes")[1]);
        Assert.Equal((wide.Auc, wide.Auc, true), (atLeast.GetProperty("value").GetDouble(), atLeast.GetProperty("threshold").GetDouble(), atLeast.GetProperty("passed").GetBoolean()));
        Assert.False(above.GetProperty("passed").GetBoolean());
        var itself = JsonDocument.Parse((await Loom(workspace, "models", "check", "churn", "2", "--to", "production", "--gate", "gates/same.yaml", "--json")).Out).RootElement;
        Assert.Contains("as its run", itself.GetProperty("outcomes")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(full.Auc, itself.GetProperty("outcomes")[0].GetProperty("threshold").GetDouble());
    }

    [Fact]
    public async Task A_changed_schema_fails_the_gate_and_a_malformed_gate_is_refused_with_its_line()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        await RegisterAsync(workspace, "full", $$"""
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
            {{Steps}}
            """);
        Assert.Equal(0, (await Loom(workspace, "models", "promote", "churn", "1", "--to", "production")).Exit);
        await RegisterAsync(workspace, "narrow", """
              all: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              load: { component: table.drop@1, inputs: { table: all.table }, params: { columns: [female] } }
              split: { component: data.split@1, inputs: { table: load.table }, params: { stratify: churn, seed: 42 } }
              train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: "Yes" } }
            """);
        workspace.Write("gates/schema.yaml", """
            apiVersion: loom/v1
            kind: Gate
            name: schema
            metrics: [ "auc >= 0.5" ]
            data: { schema: unchanged }
            """);
        var check = await Loom(workspace, "models", "check", "churn", "2", "--to", "production", "--gate", "gates/schema.yaml");
        Assert.Equal(1, check.Exit);
        Assert.Contains("FAIL  auc >= 0.5: version 2 has no metric auc; its run evaluated it with no evaluate step", check.Out, StringComparison.Ordinal);
        Assert.Contains("FAIL  schema unchanged: input columns differ from production (version 1): removed female", check.Out, StringComparison.Ordinal);

        workspace.Write("gates/bad.yaml", """
            apiVersion: loom/v1
            kind: Gate
            name: bad
            metrics:
              - auc >= 0.5
              - auc => 0.5
            data: { schema: same }
            approvals: many
            """);
        var bad = await Loom(workspace, "models", "check", "churn", "2", "--to", "production", "--gate", "gates/bad.yaml");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("gates/bad.yaml:6:5: metric rule 'auc => 0.5' is not METRIC OP VALUE", bad.Err, StringComparison.Ordinal);
        Assert.Contains("gates/bad.yaml:7:17: 'schema' is 'unchanged'", bad.Err, StringComparison.Ordinal);
        Assert.Contains("gates/bad.yaml:8:12: 'approvals' must be a whole number from 0 to 100, found 'many'", bad.Err, StringComparison.Ordinal);
        var missing = await Loom(workspace, "models", "promote", "churn", "2", "--to", "production", "--gate", "gates/none.yaml");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("gates/none.yaml: cannot read the gate file", missing.Err, StringComparison.Ordinal);
        Assert.Single(JsonDocument.Parse((await Loom(workspace, "models", "history", "churn", "--json")).Out).RootElement.EnumerateArray());
    }

    /// <summary>Runs a pipeline made of the given steps and registers its train.model as the next version of churn.</summary>
    private static async Task<(int Version, double Auc)> RegisterAsync(TempFolder workspace, string name, string steps)
    {
        workspace.Write($"pipelines/{name}.yaml", $"apiVersion: loom/v1\nkind: Pipeline\nname: {name}\nsteps:\n{steps}");
        var run = await LoomProcess.RunAsync(workspace.Path, "run", $"pipelines/{name}.yaml", "--json");
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;
        var registered = JsonDocument.Parse((await Loom(workspace, "models", "register", id, "train.model", "--name", "churn", "--json")).Out).RootElement;
        var auc = registered.GetProperty("metrics").TryGetProperty("evaluate", out var evaluation) ? evaluation.GetProperty("auc").GetDouble() : double.NaN;
        return (registered.GetProperty("version").GetInt32(), auc);
    }

    private static async Task<(int Exit, string Out, string Err)> Loom(TempFolder workspace, params string[] args) =>
        await LoomProcess.RunAsync(workspace.Path, args);
}
