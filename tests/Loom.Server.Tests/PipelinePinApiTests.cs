namespace Loom.Server.Tests;

/// <summary>Pinning a pipeline's version over the REST API: pin, roll back, run the pinned version, the trail, and every refusal.</summary>
public sealed class PipelinePinApiTests
{
    [Fact]
    public async Task A_version_is_pinned_rolled_back_and_run_while_the_file_moves_on()
    {
        await using var server = await ServerHarness.StartAsync();
        var v1 = (await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-p", 20) })).Body!["version"]!.GetValue<string>();
        var v2 = (await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-p", new { document = PipelineDocuments.New("churn-p", 30), base_version = v1 })).Body!["version"]!.GetValue<string>();

        var before = await server.GetJsonAsync("/api/pipelines/churn-p/pin");
        Assert.Null(before["pinned"]);
        Assert.Equal([v2, v1], before["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        Assert.Empty(before["history"]!.AsArray());

        var pinned = await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-p/pin", new { version = v1[..8], reason = "known good", actor = "ops" });
        Assert.True(pinned.Status == 200, pinned.Body?.ToJsonString());
        Assert.Equal(("pin", v1, "ops"), (pinned.Body!["action"]!.GetValue<string>(), pinned.Body["to"]!.GetValue<string>(), pinned.Body["actor"]!.GetValue<string>()));
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-p/pin", new { version = v2 }, user: "lee")).Status);

        // A run of the pinned version runs the pinned document, whatever the file holds.
        var run = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = "churn-p", version = "pinned" });
        Assert.True(run.Status == 202, run.Body?.ToJsonString());
        Assert.Equal(v2, run.Body!["pipeline_version"]!.GetValue<string>());

        var rollback = await server.SendAsync(HttpMethod.Post, "/api/pipelines/churn-p/pin/rollback", new { reason = "slow" });
        Assert.True(rollback.Status == 200, rollback.Body?.ToJsonString());
        Assert.Equal(("rollback", v2, v1), (rollback.Body!["action"]!.GetValue<string>(), rollback.Body["from"]!.GetValue<string>(), rollback.Body["to"]!.GetValue<string>()));
        var after = await server.GetJsonAsync("/api/pipelines/churn-p/pin");
        Assert.Equal(v1, after["pinned"]!.GetValue<string>());
        Assert.Equal(["pin", "pin", "rollback"], after["history"]!.AsArray().Select(m => m!["action"]!.GetValue<string>()));
        Assert.Equal(["ops", "lee"], after["history"]!.AsArray().Take(2).Select(m => m!["actor"]!.GetValue<string>()));
        Assert.Equal(["known good", null, "slow"], after["history"]!.AsArray().Select(m => m!["reason"]?.GetValue<string>()));
        var run2 = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = "churn-p", version = "pinned" });
        Assert.Equal(v1, run2.Body!["pipeline_version"]!.GetValue<string>());
        await server.EventsAsync(run.Body["id"]!.GetValue<string>());
        await server.EventsAsync(run2.Body["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task What_cannot_be_pinned_or_rolled_back_is_a_problem_that_says_why()
    {
        await using var server = await ServerHarness.StartAsync();
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/pipelines/nothing-here/pin"), "pipeline 'nothing-here' has no saved or run version");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/pipelines/Bad!/pin"), "pipeline name 'Bad!' is not valid");
        var v1 = (await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-q") })).Body!["version"]!.GetValue<string>();

        Problems.Assert(400, await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-q/pin", new { reason = "no version" }), "'version' is required");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-q/pin", new { version = "ffffffff" }), "has no version starting with 'ffffffff'");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Post, "/api/pipelines/churn-q/pin/rollback"), "pipeline 'churn-q' is not pinned");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = "churn-q", version = "pinned" }), "pipeline 'churn-q' is not pinned");
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-q/pin", new { version = v1 })).Status);
        Problems.Assert(409, await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-q/pin", new { version = v1 }), "is pinned to " + v1[..12] + " already");
        Problems.Assert(409, await server.SendAsync(HttpMethod.Post, "/api/pipelines/churn-q/pin/rollback"), "no version was pinned before");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-q/pin", "{\"version\": "), "not valid JSON");
        Assert.Single((await server.GetJsonAsync("/api/pipelines/churn-q/pin"))["history"]!.AsArray());
    }
}
