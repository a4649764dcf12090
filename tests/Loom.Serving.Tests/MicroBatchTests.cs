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

    [Fact]
    public async Task A_lone_request_is_answered_at_once_not_after_the_longest_wait()
    {
        await using var workspace = await ServingWorkspace.CreateAsync();
        await workspace.RegisterAsync(20, "churn-alone");
        await using var client = await ServingClient.StartAsync(workspace, new ServingOptions { MicroBatch = TimeSpan.FromSeconds(5) }, "churn-alone");
        var fields = (await client.GetJsonAsync("/v1/models/churn-alone"))["fields"]!.AsArray();
        var (header, lines) = Rows.Read(workspace.DataFile);
        for (var i = 0; i < 3; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Equal(200, (await client.PostAsync("/v1/models/churn-alone/predict", Rows.Json(header, lines[i], fields).ToJsonString())).Status);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"a lone row waited {clock.Elapsed.TotalSeconds:0.0} s, as if for others");
        }

        // A batch request that arrives and goes brings no row; a single row gathered meanwhile does not wait for it.
        var batch = client.PostAsync("/v1/models/churn-alone/predict", Rows.Csv(header, lines.Take(500)), "text/csv");
        var single = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(200, (await client.PostAsync("/v1/models/churn-alone/predict", Rows.Json(header, lines[3], fields).ToJsonString())).Status);
        Assert.True(single.Elapsed < TimeSpan.FromSeconds(2.5), $"a row waited {single.Elapsed.TotalSeconds:0.0} s beside a batch request");
        Assert.Equal(200, (await batch).Status);
    }
}
