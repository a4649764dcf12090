using System.IO.Compression;
using System.Text.Json.Nodes;

namespace Loom.Server.Tests;

public sealed class RunApiTests
{
    private const string Example = "telco-churn";

    [Fact]
    public async Task A_run_started_over_the_api_streams_its_steps_live_and_ends_with_metrics()
    {
        await using var server = await ServerHarness.StartAsync();
        var (status, started, response) = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, parameters = new { test_fraction = 0.25 } });
        Assert.Equal(202, status);
        var id = started!["id"]!.GetValue<string>();
        Assert.Equal($"/api/runs/{id}", response.Headers.Location?.ToString());
        Assert.Equal("0.25", started["parameters"]!["test_fraction"]!.GetValue<string>());
        Assert.Equal("data/telco_churn.csv", started["parameters"]!["data"]!.GetValue<string>());
        Assert.Equal(["test_fraction"], started["given_parameters"]!.AsObject().Select(p => p.Key));

        var events = await server.EventsAsync(id);
        Assert.Equal("snapshot", events[0].Event);
        Assert.Equal("end", events[^1].Event);
        // The stream is live: what happened before it opened is in the snapshot, what happened after
        // arrives as events. Training takes seconds, so evaluation has not begun when the stream opens.
        var pendingAtSnapshot = events[0].Data["steps"]!.AsArray()
            .Where(s => s!["status"]!.GetValue<string>() == "pending").Select(s => s!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("evaluate", pendingAtSnapshot);
        var stepEvents = events.Where(e => e.Event == "step").Select(e => (e.Data["name"]!.GetValue<string>(), e.Data["status"]!.GetValue<string>())).ToList();
        Assert.All(pendingAtSnapshot, step => Assert.Contains((step, "running"), stepEvents));
        Assert.All(pendingAtSnapshot, step => Assert.Contains((step, "succeeded"), stepEvents));
        Assert.Contains(events, e => e.Event == "log" && e.Data["step"]!.GetValue<string>() == "evaluate"
            && e.Data["message"]!.GetValue<string>().StartsWith("auc ", StringComparison.Ordinal));
        if (pendingAtSnapshot.Contains("train"))
        {
            Assert.Contains(events, e => e.Event == "progress" && e.Data["step"]!.GetValue<string>() == "train");
        }

        var end = events[^1].Data;
        Assert.Equal("succeeded", end["status"]!.GetValue<string>());
        Assert.InRange(end["metrics"]!["metrics"]!["auc"]!.GetValue<double>(), 0.8, 0.9);
        var evaluate = end["steps"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "evaluate")!;
        Assert.Equal("metrics", evaluate["outputs"]!["metrics"]!["type"]!.GetValue<string>());
        Assert.True(evaluate["outputs"]!["metrics"]!["bytes"]!.GetValue<long>() > 0);

        var detail = await server.GetJsonAsync($"/api/runs/{id[..12]}");
        Assert.Equal(id, detail["id"]!.GetValue<string>());
        Assert.Equal(4, detail["steps"]!.AsArray().Count);

        var again = await server.RunToEndAsync(Example, new { test_fraction = 0.25 });
        Assert.All(again["steps"]!.AsArray(), s => Assert.True(s!["cache_hit"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Outputs_download_as_files_and_preview_as_rows_or_metrics_with_the_roc_curve()
    {
        await using var server = await ServerHarness.StartAsync();
        var run = await server.RunToEndAsync(Example);
        var id = run["id"]!.GetValue<string>();

        using (var model = await server.Client.GetAsync($"/api/runs/{id}/steps/train/outputs/model"))
        {
            Assert.Equal("train.model.zip", model.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            using var zip = new ZipArchive(await model.Content.ReadAsStreamAsync());
            Assert.NotEmpty(zip.Entries);
        }

        var preview = await server.GetJsonAsync($"/api/runs/{id}/steps/split/outputs/test/preview?limit=5");
        Assert.Equal(5, preview["rows"]!.AsArray().Count);
        Assert.Equal(1409, preview["total_rows"]!.GetValue<long>());
        var columns = preview["columns"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("churn", columns);
        Assert.Equal(columns.Count, preview["rows"]![0]!.AsArray().Count);

        var metrics = await server.GetJsonAsync($"/api/runs/{id}/steps/evaluate/outputs/metrics/preview");
        var roc = metrics["curves"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "roc")!;
        var x = roc["x"]!.AsArray().Select(v => v!.GetValue<double>()).ToList();
        Assert.InRange(x.Count, 10, 201);
        Assert.Equal((0.0, 1.0), (x[0], x[^1]));
        Assert.Equal(metrics["metrics"]!["auc"]!.GetValue<double>(), roc["area"]!.GetValue<double>(), 3);
        Assert.Equal(2, metrics["confusion_matrix"]!["classes"]!.AsArray().Count);

        var logs = await server.GetJsonAsync($"/api/runs/{id}/steps/load/logs");
        Assert.Contains(logs["items"]!.AsArray(), l => l!["message"]!.GetValue<string>().Contains("7043 rows", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/steps/..%2F..%2Floom.yaml/outputs/model", "has no output")]
    [InlineData("/steps/train/outputs/..%2F..%2F..%2Floom.db", "has no output")]
    [InlineData("/steps/train/outputs/nothing", "has no output 'train.nothing'")]
    [InlineData("/steps/nothing/logs", "has no step 'nothing'")]
    [InlineData("/steps/train/outputs/model/preview", "previews are for tables and metrics")]
    [InlineData("/steps/split/outputs/test/preview?limit=100000", "'limit' must be from 0 to 1000")]
    public async Task Artifact_requests_for_what_does_not_exist_or_escapes_the_store_are_refused(string path, string detail)
    {
        await using var server = await ServerHarness.StartAsync();
        var run = await server.RunToEndAsync(Example);
        var answer = await server.SendAsync(HttpMethod.Get, $"/api/runs/{run["id"]!.GetValue<string>()}{path}");
        Problems.Assert(path.Contains("preview", StringComparison.Ordinal) ? 400 : 404, answer, detail);
    }

    [Fact]
    public async Task Bad_run_requests_get_problems_naming_the_parameter_or_the_step()
    {
        await using var server = await ServerHarness.StartAsync();
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/runs/r-nothing"), "no run 'r-nothing'");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/runs/r-nothing/events"), "no run 'r-nothing'");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/runs", new { }), "'pipeline' is required");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = "nothing" }), "no pipeline named 'nothing'");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, version = "ffff" }), "has no version 'ffff'");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, parameters = new { nope = 1 } }), "nope");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, parameters = new { test_fraction = "lots" } }), "test_fraction");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, parameters = new { data = new { a = 1 } } }), "parameter 'data' must be");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/runs?status=exploded"), "status 'exploded'");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/runs?limit=0"), "'limit' must be");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/runs?since=yesterday"), "'since' must be a date");

        var outside = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, parameters = new { data = "/etc/passwd" } });
        var problem = Problems.Assert(400, outside, "outside the workspace");
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["step"]?.GetValue<string>() == "load" && e["port"]?.GetValue<string>() == "path");
        var escaping = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, parameters = new { data = "../../etc/passwd" } });
        Problems.Assert(400, escaping, "outside the workspace");
        Assert.Equal(0, (await server.GetJsonAsync("/api/runs"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Runs_list_newest_first_with_filters_and_paging_and_an_ended_run_cannot_be_cancelled()
    {
        await using var server = await ServerHarness.StartAsync();
        var first = await server.RunToEndAsync(Example);
        var second = await server.RunToEndAsync(Example, new { test_fraction = 0.3 });

        var page = await server.GetJsonAsync("/api/runs?limit=1");
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal(second["id"]!.GetValue<string>(), page["items"]![0]!["id"]!.GetValue<string>());
        Assert.True(page["items"]![0]!["metrics"]!["metrics"]!["auc"]!.GetValue<double>() > 0.8);
        var next = await server.GetJsonAsync("/api/runs?limit=1&offset=1");
        Assert.Equal(first["id"]!.GetValue<string>(), next["items"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(2, (await server.GetJsonAsync($"/api/runs?pipeline={Example}&status=succeeded"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await server.GetJsonAsync("/api/runs?status=failed"))["total"]!.GetValue<int>());
        Assert.Equal(0, (await server.GetJsonAsync("/api/runs?pipeline=other"))["total"]!.GetValue<int>());
        var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await server.GetJsonAsync($"/api/runs?since={tomorrow}"))["total"]!.GetValue<int>());
        Assert.Equal(2, (await server.GetJsonAsync($"/api/runs?until={tomorrow}"))["total"]!.GetValue<int>());

        Problems.Assert(409, await server.SendAsync(HttpMethod.Post, $"/api/runs/{first["id"]!.GetValue<string>()}/cancel"), "is not running");
        Problems.Assert(409, await server.SendAsync(HttpMethod.Post, $"/api/runs/{first["id"]!.GetValue<string>()}/resume"), "succeeded");
    }

    [Fact]
    public async Task A_cancelled_run_stops_is_recorded_cancelled_and_resumes_to_success()
    {
        await using var server = await ServerHarness.StartAsync();
        var (_, started, _) = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = Example, no_cache = true });
        var id = started!["id"]!.GetValue<string>();
        var (status, _, _) = await server.SendAsync(HttpMethod.Post, $"/api/runs/{id}/cancel");
        Assert.Equal(202, status);
        var events = await server.EventsAsync(id);
        Assert.Equal("cancelled", events[^1].Data["status"]!.GetValue<string>());

        var (resumed, _, _) = await server.SendAsync(HttpMethod.Post, $"/api/runs/{id}/resume");
        Assert.Equal(202, resumed);
        var end = (await server.EventsAsync(id))[^1].Data;
        Assert.Equal("succeeded", end["status"]!.GetValue<string>());
    }
}
