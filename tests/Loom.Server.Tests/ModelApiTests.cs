using System.Text.Json.Nodes;

namespace Loom.Server.Tests;

/// <summary>The model registry over the REST API: register, promote through a gate, approve, roll back, the trail, and every refusal as problem+json.</summary>
public sealed class ModelApiTests
{
    private const string Gate = """
        apiVersion: loom/v1
        kind: Gate
        name: production
        metrics: [ "auc >= 0.7", "auc >= production.auc - 0.05" ]
        data: { schema: unchanged }
        approvals: 1
        """;

    [Fact]
    public async Task Versions_are_registered_promoted_through_a_gate_approved_rolled_back_and_every_move_is_on_the_trail()
    {
        await using var server = await ServerHarness.StartAsync();
        var first = await RunAsync(server, 0.2);
        var second = await RunAsync(server, 0.3);

        var (status, registered, response) = await server.SendAsync(HttpMethod.Post, "/api/models", new { run = first, output = "train.model", name = "churn" });
        Assert.Equal(201, status);
        Assert.Equal("/api/models/churn/versions/1", response.Headers.Location?.ToString());
        Assert.Equal((1, "train.model", first), (registered!["version"]!.GetValue<int>(), registered["output"]!.GetValue<string>(), registered["run"]!.GetValue<string>()));
        Assert.InRange(registered["metrics"]!["evaluate"]!["auc"]!.GetValue<double>(), 0.7, 1);
        Assert.Matches("^[0-9a-f]{64}$", registered["baseline"]!.GetValue<string>());
        (status, _, _) = await server.SendAsync(HttpMethod.Post, "/api/models", new { run = second[..^2], output = "train.model", name = "churn", description = "more test rows", registered_by = "ana" });
        Assert.Equal(201, status);

        var promoted = await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 1, reason = "first", actor = "ops" });
        Assert.True(promoted.Status == 200, promoted.Body?.ToJsonString());
        Assert.Equal(("promote", null, 1, "ops"), (promoted.Body!["action"]!.GetValue<string>(), promoted.Body["from"]?.GetValue<int>(), promoted.Body["to"]!.GetValue<int>(), promoted.Body["actor"]!.GetValue<string>()));

        // Version 2 is checked against version 1 measured on version 2's test rows; it lacks only an approval.
        var check = await server.SendAsync(HttpMethod.Post, "/api/models/churn/versions/2/check", new { alias = "production", gate = Gate });
        Assert.True(check.Status == 200, check.Body?.ToJsonString());
        Assert.Equal((false, 1), (check.Body!["passed"]!.GetValue<bool>(), check.Body["holder"]!.GetValue<int>()));
        Assert.Equal(["pass", "pass", "pass", "FAIL"], Verdicts(check.Body));
        Assert.Contains("measured now", check.Body["outcomes"]![1]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var refused = Problems.Assert(422, await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 2, gate = Gate }), "churn version 2 did not pass gate 'production' (approvals 1: needs 1 approval");
        Assert.Equal("Gate failed", refused["title"]!.GetValue<string>());
        Assert.Equal(["pass", "pass", "pass", "FAIL"], Verdicts(refused["gate"]!));

        var approved = await server.SendAsync(HttpMethod.Post, "/api/models/churn/versions/2/approvals", new { comment = "looked at the slices", approver = "lee" });
        Assert.Equal(201, approved.Status);
        promoted = await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 2, gate = Gate, reason = "more test rows" });
        Assert.True(promoted.Status == 200, promoted.Body?.ToJsonString());
        Assert.Equal((1, 2), (promoted.Body!["from"]!.GetValue<int>(), promoted.Body["to"]!.GetValue<int>()));
        Assert.Equal("approved by lee", promoted.Body["gate"]!["outcomes"]![3]!["detail"]!.GetValue<string>());

        var rollback = await server.SendAsync(HttpMethod.Post, "/api/models/churn/aliases/production/rollback", new { reason = "complaints" });
        Assert.True(rollback.Status == 200, rollback.Body?.ToJsonString());
        Assert.Equal(("rollback", 2, 1), (rollback.Body!["action"]!.GetValue<string>(), rollback.Body["from"]!.GetValue<int>(), rollback.Body["to"]!.GetValue<int>()));

        var history = (await server.GetJsonAsync("/api/models/churn/history"))["items"]!.AsArray();
        Assert.Equal(["promote", "promote", "rollback"], history.Select(m => m!["action"]!.GetValue<string>()));
        Assert.Equal(["first", "more test rows", "complaints"], history.Select(m => m!["reason"]!.GetValue<string>()));
        Assert.Equal([false, true, false], history.Select(m => m!["gate"] is not null));
        var models = (await server.GetJsonAsync("/api/models"))["items"]!.AsArray();
        Assert.Equal(("churn", 2, 1), (models.Single()!["name"]!.GetValue<string>(), models[0]!["versions"]!.GetValue<int>(), models[0]!["aliases"]!["production"]!.GetValue<int>()));
        Assert.Equal(1, (await server.GetJsonAsync("/api/models/churn/versions/production"))["version"]!.GetValue<int>());
        var model = await server.GetJsonAsync("/api/models/churn");
        Assert.Equal(["more test rows"], model["versions"]!.AsArray().Where(v => v!["description"] is not null).Select(v => v!["description"]!.GetValue<string>()));
        Assert.Equal("ana", model["versions"]![1]!["registered_by"]!.GetValue<string>());

        // Lineage over HTTP: the version's graph ends at the model, and its data file leads to both versions.
        var lineage = await server.GetJsonAsync("/api/models/churn/versions/production/lineage");
        Assert.Equal("model:churn@1", lineage["root"]!.GetValue<string>());
        var file = lineage["nodes"]!.AsArray().Single(n => n!["details"]!["path"]?.GetValue<string>() == "data/telco_churn.csv")!;
        var forward = await server.GetJsonAsync($"/api/artifacts/{file["details"]!["sha256"]!.GetValue<string>()[..12]}/lineage");
        Assert.Equal(["model:churn@1", "model:churn@2"], forward["nodes"]!.AsArray().Select(n => n!["id"]!.GetValue<string>()).Where(n => n.StartsWith("model:", StringComparison.Ordinal)));
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/artifacts/0000000000/lineage"), "no run read or wrote an artifact");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/artifacts/xyz/lineage"), "'xyz' is not an artifact hash");
    }

    [Fact]
    public async Task What_the_registry_does_not_have_or_will_not_do_is_a_problem_that_says_why()
    {
        await using var server = await ServerHarness.StartAsync();
        var run = await RunAsync(server, 0.2);
        Problems.Assert(404, await server.SendAsync(HttpMethod.Post, "/api/models", new { run = "r-none", output = "train.model", name = "churn" }), "no run 'r-none'");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "train.model" }), "'name' is required");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "evaluate.metrics", name = "churn" }), "is a metrics, not a model");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/models", "{\"run\": 3"), "not valid JSON");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/models/churn"), "no model named 'churn' is registered");
        Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "train.model", name = "churn" })).Status);

        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/models/churn/versions/7"), "model 'churn' has no version 7; its versions are 1 to 1");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/models/churn/versions/production"), "model 'churn' has no alias 'production'");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { reason = "no version" }), "'version' is required");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 4 }), "has no version 4");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/Prod!", new { version = 1 }), "alias 'Prod!' must start with a letter");
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 1 })).Status);
        Problems.Assert(409, await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 1 }), "'production' of model 'churn' is version 1 already");
        Problems.Assert(409, await server.SendAsync(HttpMethod.Post, "/api/models/churn/aliases/production/rollback"), "no version held it before; there is nothing to roll back to");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Post, "/api/models/churn/aliases/staging/rollback"), "model 'churn' has no alias 'staging'; its aliases are production");

        var invalid = Problems.Assert(400, await server.SendAsync(HttpMethod.Put, "/api/models/churn/aliases/production", new { version = 1, gate = "apiVersion: loom/v1\nkind: Gate\nname: g\nmetrics: [ 'auc >> 1' ]\n" }), "metric rule 'auc >> 1' is not METRIC OP VALUE");
        Assert.Equal(("Invalid gate", 4), (invalid["title"]!.GetValue<string>(), invalid["errors"]![0]!["line"]!.GetValue<int>()));
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/models/churn/versions/1/check", new { gate = Gate }), "'alias' is required");
        Assert.Single((await server.GetJsonAsync("/api/models/churn/history"))["items"]!.AsArray());
    }

    [Fact]
    public async Task The_health_and_alerts_a_serving_host_wrote_are_read_through_the_api()
    {
        await using var server = await ServerHarness.StartAsync();
        var run = await RunAsync(server, 0.2);
        Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, "/api/models", new { run, output = "train.model", name = "churn" })).Status);
        var now = DateTimeOffset.UtcNow;
        foreach (var (ago, status, psi) in new[] { (180, "ok", 0.01), (120, "ok", 0.05), (60, "drift", 0.42) })
        {
            await server.Workspace.Store.AddModelHealthAsync(new Metadata.Records.ModelHealthSnapshot("churn", 1, now.AddMinutes(-ago), status, $"{{\"window_rows\":5000,\"fields\":[{{\"name\":\"tenure\",\"psi\":{psi.ToString(System.Globalization.CultureInfo.InvariantCulture)},\"p_value\":0.5,\"missing_share\":0,\"drifted\":{(status == "drift" ? "true" : "false")}}}]}}"), now.AddDays(-30));
        }

        await server.Workspace.Store.AddModelHealthAsync(new Metadata.Records.ModelHealthSnapshot("churn", 1, now.AddDays(-3), "ok", "{}"), now.AddDays(-30));
        await server.Workspace.Store.AddModelAlertAsync(new Metadata.Records.ModelAlert("churn", 1, "tenure", "psi 0.42 > 0.2", now.AddMinutes(-60), "host:1"));

        var health = (await server.GetJsonAsync("/api/models/churn/health"))["items"]!.AsArray();
        Assert.Equal(["ok", "ok", "drift"], health.Select(h => h!["status"]!.GetValue<string>()));
        Assert.Equal(0.42, health[2]!["report"]!["fields"]![0]!["psi"]!.GetValue<double>());
        Assert.Equal(4, (await server.GetJsonAsync($"/api/models/churn/health?since={Uri.EscapeDataString(now.AddDays(-4).ToString("O"))}"))["items"]!.AsArray().Count);
        var alert = (await server.GetJsonAsync("/api/models/churn/alerts"))["items"]!.AsArray().Single()!;
        Assert.Equal(("tenure", "psi 0.42 > 0.2", 1), (alert["field"]!.GetValue<string>(), alert["rules"]!.GetValue<string>(), alert["version"]!.GetValue<int>()));
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/models/churn/health?since=yesterday"), "'since' must be a time");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/models/fraud/alerts"), "no model named 'fraud' is registered");
    }

    private static List<string> Verdicts(JsonNode report) =>
        [.. report["outcomes"]!.AsArray().Select(o => o!["skipped"]!.GetValue<bool>() ? "skip" : o["passed"]!.GetValue<bool>() ? "pass" : "FAIL")];

    /// <summary>Runs the example over the API with a test fraction and waits for it to end; the run's id.</summary>
    private static async Task<string> RunAsync(ServerHarness server, double testFraction)
    {
        var (status, started, _) = await server.SendAsync(HttpMethod.Post, "/api/runs", new { pipeline = "telco-churn", parameters = new { test_fraction = testFraction } });
        Assert.Equal(202, status);
        var id = started!["id"]!.GetValue<string>();
        var events = await server.EventsAsync(id);
        Assert.Equal("succeeded", events[^1].Data["status"]!.GetValue<string>());
        return id;
    }
}
