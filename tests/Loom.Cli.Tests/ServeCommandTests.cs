using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Loom.Cli.Tests;

/// <summary><c>loom serve</c> and <c>loom score</c> as a user runs them, on a model registered and promoted with the CLI.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task A_promoted_model_scores_a_file_and_serves_predictions_over_http_until_ctrl_c()
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var run = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/churn.yaml", "--json");
        Assert.True(run.Exit == 0, run.Err);
        var id = JsonDocument.Parse(run.Out).RootElement.GetProperty("run_id").GetString()!;
        var register = await LoomProcess.RunAsync(workspace.Path, "models", "register", id, "train.model", "--name", "churn");
        Assert.True(register.Exit == 0, register.Err);
        Assert.Contains("training baseline recorded (", register.Out, StringComparison.Ordinal);
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "models", "promote", "churn", "1", "--to", "production")).Exit);

        // Batch scoring: every row of the file, its columns carried through, the predictions after them.
        var score = await LoomProcess.RunAsync(workspace.Path, "score", "churn@production", "data/telco_churn.csv", "-o", "scored.csv");
        Assert.True(score.Exit == 0, score.Err);
        Assert.StartsWith("scored 7043 rows with churn version 1 (churn@production) into scored.csv", score.Out, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(workspace.Combine("scored.csv"));
        Assert.Equal(7044, lines.Length);
        Assert.StartsWith("churn,female,senior_citizen,", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(",total_charges,Prediction,Probability,Score", lines[0], StringComparison.Ordinal);
        var probability = double.Parse(lines[1].Split(',')[^2], CultureInfo.InvariantCulture);
        Assert.InRange(probability, 0, 1);

        // A wrong cell stops the scoring with its line and column, and leaves no half-written file.
        var data = await File.ReadAllLinesAsync(workspace.Combine("data", "telco_churn.csv"));
        var tenure = Array.IndexOf(data[0].Split(','), "\"tenure\"");
        var cells = data[3].Split(',');
        cells[tenure] = "many";
        data[3] = string.Join(',', cells);
        await File.WriteAllLinesAsync(workspace.Combine("bad.csv"), data.Take(10));
        var bad = await LoomProcess.RunAsync(workspace.Path, "score", "churn@production", "bad.csv", "-o", "bad-scored.csv");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("bad.csv: line 4, column 'tenure': expected a number (or null when missing), found 'many'", bad.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(workspace.Combine("bad-scored.csv")));
        Assert.Empty(Directory.EnumerateFiles(workspace.Path, ".bad-scored.csv*"));
        var unknown = await LoomProcess.RunAsync(workspace.Path, "score", "churn@staging", "data/telco_churn.csv", "-o", "x.csv");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("model 'churn' has no alias 'staging'; its aliases are production", unknown.Err, StringComparison.Ordinal);

        // Batch inference as a pipeline step: model.read resolves the registered version when its step starts.
        workspace.Write("pipelines/batch.yaml", """
            apiVersion: loom/v1
            kind: Pipeline
            name: batch-score
            parameters:
              model: { type: string, default: "models:/churn@production" }
            steps:
              model: { component: model.read@1, params: { path: "${params.model}" } }
              load: { component: data.read-csv@1, params: { path: data/telco_churn.csv } }
              score: { component: score@1, inputs: { model: model.model, table: load.table } }
              export: { component: data.write-csv@1, inputs: { table: score.table } }
            outputs: { scored: export.file }
            """);
        var batch = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/batch.yaml", "--json");
        Assert.True(batch.Exit == 0, batch.Err);
        var batchRun = JsonDocument.Parse(batch.Out).RootElement.GetProperty("run_id").GetString()!;
        Assert.Equal(0, (await LoomProcess.RunAsync(workspace.Path, "artifacts", "get", batchRun, "export.file", "-o", "batch.csv")).Exit);
        var stepLines = await File.ReadAllLinesAsync(workspace.Combine("batch.csv"));
        var stepProbability = Array.IndexOf(stepLines[0].Split(','), "Probability");
        Assert.Equal(7044, stepLines.Length);
        foreach (var i in new[] { 1, 2, 500, 7043 })
        {
            Assert.Equal(double.Parse(lines[i].Split(',')[^2], CultureInfo.InvariantCulture), double.Parse(stepLines[i].Split(',')[stepProbability], CultureInfo.InvariantCulture), 1e-6);
        }

        var shown = await LoomProcess.RunAsync(workspace.Path, "models", "show", "churn@production");
        var modelSha = JsonDocument.Parse(shown.Out).RootElement.GetProperty("artifact").GetString();
        var uses = await LoomProcess.RunAsync(workspace.Path, "lineage", modelSha![..12], "--format", "json");
        Assert.Contains($"step:{batchRun}/model", uses.Out, StringComparison.Ordinal);
        var staging = await LoomProcess.RunAsync(workspace.Path, "run", "pipelines/batch.yaml", "--param", "model=models:/churn@staging");
        Assert.Equal(2, staging.Exit);
        Assert.Contains("'models:/churn@staging': model 'churn' has no alias 'staging'; its aliases are production", staging.Err, StringComparison.Ordinal);

        using var process = LoomProcess.Start(workspace.Path, "serve", "churn@production", "--urls", "http://127.0.0.1:0");
        try
        {
            using var http = new HttpClient { BaseAddress = await ServerCommandTests.ListeningAddressAsync(process) };
            var model = (await http.GetFromJsonAsync<JsonNode>("/v1/models/churn"))!;
            Assert.Equal(1, model["version"]!.GetValue<int>());
            var row = new JsonObject();
            var header = data[0].Split(',').Select(h => h.Trim('"')).ToArray();
            var first = data[1].Split(',');
            foreach (var field in model["fields"]!.AsArray())
            {
                var name = field!["name"]!.GetValue<string>();
                var cell = first[Array.IndexOf(header, name)].Trim('"');
                row[name] = field["type"]!.GetValue<string>() == "number" ? JsonValue.Create(double.Parse(cell, CultureInfo.InvariantCulture)) : JsonValue.Create(cell);
            }

            using var response = await http.PostAsJsonAsync("/v1/models/churn/predict", row);
            var answer = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.True(response.IsSuccessStatusCode, answer.ToJsonString());
            Assert.Equal(probability, answer["probability"]!.GetValue<double>(), 1e-6);
        }
        finally
        {
            await LoomProcess.InterruptAsync(process);
        }

        Assert.Equal(0, process.ExitCode);
    }

    [Theory]
    [InlineData("--log-sample", "2", "--log-sample must be a share from 0 to 1, such as 0.01, found 2")]
    [InlineData("--canary", "churn@staging=130", "--canary 'churn@staging=130' must be NAME@ALIAS=PERCENT")]
    [InlineData("--poll", "10ms", "--poll must be a duration of at least 100 ms")]
    [InlineData("--micro-batch", "0.5ms", "--micro-batch must be a duration of at least 1 ms")]
    [InlineData("--max-concurrency", "0", "--max-concurrency must be a whole number from 1 to 10000, found 0")]
    [InlineData("--urls", "nonsense", "--urls: 'nonsense' is not an http or https address")]
    [InlineData("--drift-psi", "0", "--drift-psi must be a number above 0 and at most 10, found 0")]
    [InlineData("--drift-p-value", "1.5", "--drift-p-value must be a number above 0 and at most 1, found 1.5")]
    [InlineData("--drift-min-rows", "9000", "--drift-min-rows must be a whole number from 1 to 5000, found 9000")]
    public async Task Options_out_of_range_are_refused_before_anything_starts(string option, string value, string message)
    {
        using var workspace = LoomProcess.CopyExample("telco-churn");
        var (exit, _, err) = await LoomProcess.RunAsync(workspace.Path, "serve", "churn@production", option, value);
        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
    }
}
