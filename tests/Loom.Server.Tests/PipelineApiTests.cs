using System.Text.Json.Nodes;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;

namespace Loom.Server.Tests;

public sealed class PipelineApiTests
{
    private const string Example = "telco-churn";


    [Fact]
    public async Task The_workspace_pipelines_are_listed_with_their_version_and_read_as_yaml_and_json()
    {
        await using var server = await ServerHarness.StartAsync();
        var list = await server.GetJsonAsync("/api/pipelines");
        var item = list["items"]!.AsArray().Single()!;
        Assert.Equal(Example, item["name"]!.GetValue<string>());
        Assert.Equal("pipelines/churn.yaml", item["file"]!.GetValue<string>());
        Assert.Equal(4, item["steps"]!.GetValue<int>());

        var current = await server.GetJsonAsync($"/api/pipelines/{Example}");
        var fileText = await File.ReadAllTextAsync(Path.Combine(server.Root, "pipelines", "churn.yaml"));
        Assert.Equal(fileText, current["yaml"]!.GetValue<string>());
        Assert.Equal(PipelineHasher.Hash(PipelineParser.Parse(fileText, "f")), current["version"]!.GetValue<string>());
        Assert.Equal("train.model", current["document"]!["steps"]!["evaluate"]!["inputs"]!["model"]!.GetValue<string>());
        Assert.Equal(0.2, current["document"]!["parameters"]!["test_fraction"]!["default"]!.GetValue<double>());
        Assert.Equal("file", current["author"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_pipeline_created_from_a_json_document_is_a_yaml_file_the_cli_can_run_with_the_same_version()
    {
        await using var server = await ServerHarness.StartAsync();
        var (status, body, response) = await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-b"), message = "first cut", author = "ana", layout = new { load = new { x = 10, y = 20 } } });
        Assert.True(status == 201, body?.ToString());
        Assert.Equal("/api/pipelines/churn-b", response.Headers.Location?.ToString());

        var file = Path.Combine(server.Root, "pipelines", "churn-b.yaml");
        var yaml = await File.ReadAllTextAsync(file);
        Assert.Equal(body!["yaml"]!.GetValue<string>(), yaml);
        Assert.Contains("    params: { label: churn, positive: \"Yes\", iterations: 50 }", yaml, StringComparison.Ordinal);
        var reparsed = PipelineParser.Parse(yaml, file);
        Assert.Equal(body["version"]!.GetValue<string>(), PipelineHasher.Hash(reparsed));
        PipelinePlanner.Plan(reparsed, ServerHarness.Catalog);

        var current = await server.GetJsonAsync("/api/pipelines/churn-b");
        Assert.Equal("ana", current["author"]!.GetValue<string>());
        Assert.Equal("first cut", current["message"]!.GetValue<string>());
        Assert.Equal(20, current["layout"]!["load"]!["y"]!.GetValue<double>());
    }

    [Fact]
    public async Task Saving_needs_the_current_version_as_base_so_a_concurrent_edit_is_never_overwritten()
    {
        await using var server = await ServerHarness.StartAsync();
        var created = (await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-c") })).Body!;
        var v1 = created["version"]!.GetValue<string>();

        var saves = await Task.WhenAll(Enumerable.Range(0, 4).Select(i =>
            server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-c", new { document = PipelineDocuments.New("churn-c", 60 + i), base_version = v1, author = $"user{i}" })));
        Assert.Single(saves, s => s.Status == 200);
        var refused = saves.Where(s => s.Status != 200).ToList();
        Assert.Equal(3, refused.Count);
        var winner = saves.Single(s => s.Status == 200).Body!["version"]!.GetValue<string>();
        foreach (var answer in refused)
        {
            var problem = Problems.Assert(409, answer, "was changed since version");
            Assert.Equal(winner, problem["current_version"]!.GetValue<string>());
        }

        var versions = (await server.GetJsonAsync("/api/pipelines/churn-c/versions"))["items"]!.AsArray();
        Assert.Equal([winner, v1], versions.Select(v => v!["version"]!.GetValue<string>()));
        Assert.Equal(winner, (await server.GetJsonAsync("/api/pipelines/churn-c"))["version"]!.GetValue<string>());

        var missingBase = await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-c", new { document = PipelineDocuments.New("churn-c", 70) });
        Problems.Assert(400, missingBase, "'base_version' is required");
        var unchanged = await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-c", new { document = PipelineDocuments.New("churn-c", 60 + 0), base_version = winner });
        Assert.True(unchanged.Status is 200 or 409);
    }

    [Fact]
    public async Task Two_versions_differ_line_by_line_and_step_by_step()
    {
        await using var server = await ServerHarness.StartAsync();
        var v1 = (await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-d") })).Body!["version"]!.GetValue<string>();
        var document = PipelineDocuments.New("churn-d", 200);
        document["steps"]!.AsObject().Remove("evaluate");
        document["outputs"] = new JsonObject { ["model"] = "train.model" };
        var v2 = (await server.SendAsync(HttpMethod.Put, "/api/pipelines/churn-d", new { document, base_version = v1 })).Body!["version"]!.GetValue<string>();

        var diff = await server.GetJsonAsync($"/api/pipelines/churn-d/diff?from={v1[..10]}&to={v2}");
        var lines = diff["lines"]!.AsArray().Select(l => (l!["op"]!.GetValue<string>(), l["text"]!.GetValue<string>())).ToList();
        Assert.Contains(("-", "    params: { label: churn, positive: \"Yes\", iterations: 50 }"), lines);
        Assert.Contains(("+", "    params: { label: churn, positive: \"Yes\", iterations: 200 }"), lines);
        Assert.Contains(("-", "  evaluate:"), lines);
        Assert.Contains((" ", "  load:"), lines);
        Assert.Equal(["evaluate"], diff["steps"]!["removed"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Empty(diff["steps"]!["added"]!.AsArray());
        var change = diff["steps"]!["changed"]!.AsArray().Single()!;
        Assert.Equal("train", change["step"]!.GetValue<string>());
        var field = change["fields"]!.AsArray().Single()!;
        Assert.Equal(("params.iterations", "50", "200"), (field["field"]!.GetValue<string>(), field["from"]!.GetValue<string>(), field["to"]!.GetValue<string>()));

        var old = await server.GetJsonAsync($"/api/pipelines/churn-d/versions/{v1}");
        Assert.True(old["document"]!["steps"]!.AsObject().ContainsKey("evaluate"));
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/pipelines/churn-d/diff?from=" + v1), "give both versions");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/pipelines/churn-d/versions/ffff"), "has no version 'ffff'");
    }

    [Fact]
    public async Task Validation_reports_each_error_with_its_step_and_port_and_saves_nothing()
    {
        await using var server = await ServerHarness.StartAsync();
        var document = PipelineDocuments.New("churn-e");
        document["steps"]!["evaluate"]!["inputs"]!["model"] = "split.test";
        document["steps"]!["train"]!["component"] = "train.no-such-thing@1";
        var answer = await server.SendAsync(HttpMethod.Post, "/api/pipelines/validate", new { document });
        Assert.Equal(200, answer.Status);
        Assert.False(answer.Body!["valid"]!.GetValue<bool>());
        var errors = answer.Body["errors"]!.AsArray().Select(e => (Step: e!["step"]?.GetValue<string>(), Port: e["port"]?.GetValue<string>(), Message: e["message"]!.GetValue<string>())).ToList();
        Assert.Contains(errors, e => e.Step == "train" && e.Message.Contains("train.no-such-thing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Step == "evaluate" && e.Port == "model" && e.Message.Contains("type mismatch", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(server.Root, "pipelines", "churn-e.yaml")));

        var good = await server.SendAsync(HttpMethod.Post, "/api/pipelines/validate", new { document = PipelineDocuments.New("churn-e") });
        Assert.True(good.Body!["valid"]!.GetValue<bool>());
        Assert.StartsWith("apiVersion: loom/v1\n", good.Body["yaml"]!.GetValue<string>(), StringComparison.Ordinal);

        var saved = await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document });
        var problem = Problems.Assert(400, saved, "errors");
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["step"]?.GetValue<string>() == "evaluate" && e["port"]?.GetValue<string>() == "model");
        Assert.False(File.Exists(Path.Combine(server.Root, "pipelines", "churn-e.yaml")));
    }

    [Theory]
    [InlineData("{ \"document\": ", "not valid JSON")]
    [InlineData("[1, 2]", "not valid JSON")]
    [InlineData("{ \"yaml\": \"name: [unclosed\" }", "malformed YAML")]
    [InlineData("{ \"yaml\": \"\" }", "")]
    [InlineData("{ \"document\": {}, \"yaml\": \"x: 1\" }", "exactly one of them")]
    [InlineData("{ \"document\": \"text\" }", "must be a JSON object")]
    [InlineData("{ }", "exactly one of them")]
    public async Task Malformed_bodies_get_a_400_problem_that_says_what_is_wrong(string body, string detail)
    {
        await using var server = await ServerHarness.StartAsync();
        var answer = await server.SendAsync(HttpMethod.Post, "/api/pipelines", body);
        Problems.Assert(400, answer, detail);
        Assert.Single(Directory.GetFiles(Path.Combine(server.Root, "pipelines")));
    }

    [Fact]
    public async Task Names_that_are_taken_mismatched_or_unsafe_are_refused()
    {
        await using var server = await ServerHarness.StartAsync();
        var current = await server.GetJsonAsync($"/api/pipelines/{Example}");
        Problems.Assert(409, await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { yaml = current["yaml"]!.GetValue<string>() }), "exists already");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Put, $"/api/pipelines/{Example}", new { document = PipelineDocuments.New("other"), base_version = current["version"]!.GetValue<string>() }), "cannot be renamed");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("../escape") }), "is not valid");
        Problems.Assert(400, await server.SendAsync(HttpMethod.Get, "/api/pipelines/..%2F..%2Fetc%2Fpasswd"), "is not valid");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/pipelines/nothing-here"), "no pipeline named 'nothing-here'");
        Problems.Assert(415, await server.SendAsync(HttpMethod.Post, "/api/pipelines", null), "expected a JSON body");
    }

    [Fact]
    public async Task A_deleted_pipeline_leaves_its_versions_readable()
    {
        await using var server = await ServerHarness.StartAsync();
        var created = (await server.SendAsync(HttpMethod.Post, "/api/pipelines", new { document = PipelineDocuments.New("churn-f") })).Body!;
        var (status, _, _) = await server.SendAsync(HttpMethod.Delete, "/api/pipelines/churn-f");
        Assert.Equal(204, status);
        Assert.False(File.Exists(Path.Combine(server.Root, "pipelines", "churn-f.yaml")));
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/pipelines/churn-f"), "no pipeline named");
        var old = await server.GetJsonAsync($"/api/pipelines/churn-f/versions/{created["version"]!.GetValue<string>()}");
        Assert.Equal(created["yaml"]!.GetValue<string>(), old["yaml"]!.GetValue<string>());
        Problems.Assert(404, await server.SendAsync(HttpMethod.Delete, "/api/pipelines/churn-f"), "no pipeline named");
    }

    [Fact]
    public async Task A_file_edited_by_hand_becomes_a_version_when_first_seen()
    {
        await using var server = await ServerHarness.StartAsync();
        var before = await server.GetJsonAsync($"/api/pipelines/{Example}");
        var file = Path.Combine(server.Root, "pipelines", "churn.yaml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("seed: 42\n", "seed: 7\n", StringComparison.Ordinal));

        var versions = (await server.GetJsonAsync($"/api/pipelines/{Example}/versions"))["items"]!.AsArray();
        Assert.Equal(2, versions.Count);
        Assert.NotEqual(before["version"]!.GetValue<string>(), versions[0]!["version"]!.GetValue<string>());
        Assert.Equal("file", versions[0]!["author"]!.GetValue<string>());
        var stale = await server.SendAsync(HttpMethod.Put, $"/api/pipelines/{Example}", new { yaml = before["yaml"]!.GetValue<string>(), base_version = before["version"]!.GetValue<string>() });
        Problems.Assert(409, stale, "was changed since version");
    }
}
