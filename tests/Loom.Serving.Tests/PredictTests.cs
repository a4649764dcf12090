using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Serving.Hosting;

namespace Loom.Serving.Tests;

/// <summary>Predictions over HTTP: equal to the platform's own scoring, one row or a batch, JSON or CSV; and what the model is.</summary>
public sealed class PredictTests
{
    [Fact]
    public async Task Served_predictions_equal_the_platforms_score_step_row_for_row_and_a_single_row_equals_its_batch_answer()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, scored) = await workspace.RegisterAsync(50);
        await workspace.PromoteAsync(version);
        await using var client = await ServingClient.StartAsync(workspace);

        var model = await client.GetJsonAsync("/v1/models/churn");
        Assert.Equal(("churn@production", 1, "binary", "churn", "Yes"), (model["reference"]!.GetValue<string>(), model["version"]!.GetValue<int>(), model["task"]!.GetValue<string>(), model["label"]!.GetValue<string>(), model["positive_class"]!.GetValue<string>()));
        var fields = model["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        Assert.Equal(header.Where(h => h != "churn").Order(StringComparer.Ordinal), fields.Select(f => f!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("text", fields.Single(f => f!["name"]!.GetValue<string>() == "contract")!["type"]!.GetValue<string>());
        Assert.InRange(model["metrics"]!["evaluate"]!["auc"]!.GetValue<double>(), 0.8, 1);

        // The whole file as CSV (its label column is left aside), against the score step's export of the same rows.
        var (status, batch, _) = await client.PostAsync("/v1/models/churn/predict", Rows.Csv(header, lines), "text/csv");
        Assert.True(status == 200, batch?.ToJsonString());
        var predictions = batch!["predictions"]!.AsArray();
        var (scoredHeader, reference) = Rows.Read(scored);
        Assert.Equal(reference.Count, predictions.Count);
        var (label, probability) = (Array.IndexOf(scoredHeader, "Prediction"), Array.IndexOf(scoredHeader, "Probability"));
        for (var i = 0; i < reference.Count; i++)
        {
            Assert.Equal(reference[i][label], predictions[i]!["prediction"]!.GetValue<string>());
            Assert.Equal(double.Parse(reference[i][probability], CultureInfo.InvariantCulture), predictions[i]!["probability"]!.GetValue<double>(), 1e-6);
        }

        // One row as JSON answers as that row did in the batch.
        for (var i = 0; i < 3; i++)
        {
            var (single, one, _) = await client.PostAsync("/v1/models/churn/predict", Rows.Json(header, lines[i], fields).ToJsonString());
            Assert.True(single == 200, one?.ToJsonString());
            Assert.Equal(("churn", 1), (one!["model"]!.GetValue<string>(), one["version"]!.GetValue<int>()));
            Assert.Equal(predictions[i]!["prediction"]!.GetValue<string>(), one["prediction"]!.GetValue<string>());
            Assert.Equal(predictions[i]!["probability"]!.GetValue<double>(), one["probability"]!.GetValue<double>());
            Assert.Equal(predictions[i]!["score"]!.GetValue<double>(), one["score"]!.GetValue<double>());
        }

        // A JSON batch, with missing values given as null.
        var rows = new JsonArray([.. lines.Take(5).Select(l => (JsonNode)Rows.Json(header, l, fields))]);
        rows[1]!["total_charges"] = null;
        rows[2]!["payment_method"] = null;
        var (batchStatus, jsonBatch, _) = await client.PostAsync("/v1/models/churn/predict", rows.ToJsonString());
        Assert.True(batchStatus == 200, jsonBatch?.ToJsonString());
        Assert.Equal(5, jsonBatch!["predictions"]!.AsArray().Count);
        Assert.Equal(predictions[0]!["probability"]!.GetValue<double>(), jsonBatch["predictions"]![0]!["probability"]!.GetValue<double>());

        Assert.Equal("ok", (await client.GetJsonAsync("/healthz"))["status"]!.GetValue<string>());
        Assert.Equal(1, (await client.GetJsonAsync("/readyz"))["models"]!["churn"]!.GetValue<int>());
        Assert.Equal("churn", (await client.GetJsonAsync("/v1/models"))["models"]![0]!["name"]!.GetValue<string>());
        Assert.Contains("/v1/models/{name}/predict", (await client.GetJsonAsync("/openapi/v1.json"))["paths"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Metrics_count_rows_per_model_and_version_and_show_the_version_served()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20, "churn-metrics");
        await using var client = await ServingClient.StartAsync(workspace, null, "churn-metrics");
        var fields = (await client.GetJsonAsync("/v1/models/churn-metrics"))["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        Assert.Equal(200, (await client.PostAsync("/v1/models/churn-metrics/predict", Rows.Csv(header, lines.Take(10)), "text/csv")).Status);
        Assert.Equal(200, (await client.PostAsync("/v1/models/churn-metrics/predict", Rows.Json(header, lines[0], fields).ToJsonString())).Status);
        Assert.Equal(400, (await client.PostAsync("/v1/models/churn-metrics/predict", "{}")).Status);

        // Prometheus text: rows scored per model and version, refusals by reason, the version served, request durations.
        var metrics = (await client.Http.GetStringAsync("/metrics")).Split('\n');
        string Sample(string name, string labels) => Value(metrics.Single(l => l.StartsWith(name + "{", StringComparison.Ordinal) && l.Contains("model=\"churn-metrics\"", StringComparison.Ordinal) && l.Contains(labels, StringComparison.Ordinal)));
        Assert.Equal("11", Sample("loom_serving_rows_total", $"version=\"{version}\""));
        Assert.Equal("1", Sample("loom_serving_refused_total", "reason=\"invalid\""));
        Assert.Equal(version.ToString(CultureInfo.InvariantCulture), Sample("loom_serving_version", ""));
        Assert.Equal("1", Sample("loom_serving_predict_duration_seconds_count", "kind=\"batch\""));
        Assert.Equal("1", Sample("loom_serving_predict_duration_seconds_count", "kind=\"row\""));
        Assert.Contains(metrics, l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal));
    }

    /// <summary>The value of a Prometheus sample line (after the labels, before the timestamp if any).</summary>
    private static string Value(string line) => line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0];

    [Fact]
    public async Task A_model_that_is_not_registered_or_has_no_such_alias_stops_the_host_before_it_listens()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var missing = await Assert.ThrowsAnyAsync<Sdk.LoomException>(() => ServingClient.StartAsync(workspace, null, "churn@production"));
        Assert.Contains("no model named 'churn' is registered", missing.Message, StringComparison.Ordinal);
        await workspace.RegisterAsync(20);
        var alias = await Assert.ThrowsAnyAsync<Sdk.LoomException>(() => ServingClient.StartAsync(workspace, null, "churn@production"));
        Assert.Equal("model 'churn' has no alias 'production'", alias.Message);
        var twice = await Assert.ThrowsAsync<Sdk.LoomException>(() => ServingClient.StartAsync(workspace, null, "churn@1", "churn"));
        Assert.Contains("model 'churn' is named twice (churn@1, churn)", twice.Message, StringComparison.Ordinal);
        Assert.Contains("names no model", Assert.Throws<Sdk.LoomException>(() => ModelReference.Parse("Churn@")).Message, StringComparison.Ordinal);
        await using var latest = await ServingClient.StartAsync(workspace, null, "churn");
        Assert.Equal(1, (await latest.GetJsonAsync("/v1/models/churn"))["version"]!.GetValue<int>());
    }
}
