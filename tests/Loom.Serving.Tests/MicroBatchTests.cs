using Loom.Serving.Hosting;

namespace Loom.Serving.Tests;

/// <summary>Micro-batching: concurrent single rows are gathered and scored together, and each still gets its own answer.</summary>
public sealed class MicroBatchTests
{
    [Fact]
    public async Task Concurrent_single_rows_are_scored_in_fewer_gatherings_with_the_answers_they_get_alone()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        var (version, _) = await workspace.RegisterAsync(20, "churn-batch");
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { MicroBatch = TimeSpan.FromMilliseconds(20) }, "churn-batch");
        var fields = (await client.GetJsonAsync("/v1/models/churn-batch"))["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        var alone = (await client.PostAsync("/v1/models/churn-batch/predict", Rows.Csv(header, lines.Take(32)), "text/csv")).Body!["predictions"]!.AsArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => client.PostAsync("/v1/models/churn-batch/predict", Rows.Json(header, lines[i], fields).ToJsonString())));
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        Assert.Equal(alone.Select(p => p!["probability"]!.GetValue<double>()), answers.Select(a => a.Body!["probability"]!.GetValue<double>()));
        Assert.All(answers, a => Assert.Equal(version, a.Body!["version"]!.GetValue<int>()));

        var gatherings = (await client.Http.GetStringAsync("/metrics")).Split('\n').Single(l => l.StartsWith("loom_serving_micro_batches_total{", StringComparison.Ordinal) && l.Contains("model=\"churn-batch\"", StringComparison.Ordinal));
        var count = long.Parse(gatherings[(gatherings.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(count, 1, 31);
    }
}
