using System.Text.Json.Nodes;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Sdk;

namespace Loom.Server.Tests;

public sealed class ComponentApiTests
{
    [Fact]
    public async Task A_component_published_and_deprecated_by_another_process_reaches_the_palette_while_the_server_runs()
    {
        await using var server = await ServerHarness.StartAsync();
        Assert.Empty((await server.GetJsonAsync("/api/components?q=acme"))["items"]!.AsArray());

        // The command line publishes through its own connection to the workspace's store.
        await using var other = await Workspace.OpenAsync(server.Root);
        var manifest = ServerHarness.Catalog.Resolve("table.select", null)!.Manifest with { Name = "acme.columns", Version = "1.0.0", Description = "Keeps the columns acme needs." };
        var record = new ComponentVersionRecord(
            manifest.Name, manifest.Version, ManifestJson.Write(manifest), "Acme.Columns", "Acme.Columns.dll", new string('a', 64), new string('b', 64),
            new string('c', 64), "upload", null, null, null, "{}", "someone", DateTimeOffset.UtcNow);
        Assert.True(await other.Store.PublishComponentAsync(record));

        var listed = await EventuallyAsync(server, "/api/components?q=acme", body => body["items"]!.AsArray().Count == 1);
        Assert.Equal("acme.columns", listed["items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("upload", listed["items"]![0]!["origin"]!.GetValue<string>());
        Assert.Null(listed["items"]![0]!["deprecated"]);

        // The repository's listing finds it by name, description or origin, with its gate report and the pipelines that ran it.
        var repository = await server.GetJsonAsync("/api/components/published?q=KEEPS%20THE");
        Assert.Equal("Keeps the columns acme needs.", repository["items"]![0]!["description"]!.GetValue<string>());
        Assert.Empty(repository["items"]![0]!["used_by"]!.AsArray());
        Assert.NotNull(repository["items"]![0]!["gate"]);
        Assert.Empty((await server.GetJsonAsync("/api/components/published?q=flags"))["items"]!.AsArray());
        var step = new StepRecord("r1", "columns", "acme.columns@1.0.0", StepStatus.Succeeded, null, false, 1, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, null);
        await other.Store.CreateRunAsync(new RunRecord("r1", "churn", new string('d', 64), "churn.yaml", "yaml", "{}", RunStatus.Succeeded, DateTimeOffset.UtcNow, null, null, null, null), [step]);
        var used = (await server.GetJsonAsync("/api/components/published?q=upload"))["items"]![0]!["used_by"]!.AsArray();
        Assert.Equal("churn", Assert.Single(used)!["pipeline"]!.GetValue<string>());
        Assert.Equal(1, used[0]!["runs"]!.GetValue<int>());

        Assert.True(await other.Store.DeprecateComponentAsync("acme.columns", "1.0.0", "use acme.columns@2, which keeps ids"));
        var shown = await EventuallyAsync(server, "/api/components/acme.columns", body => body["deprecated"] is not null);
        Assert.Equal("use acme.columns@2, which keeps ids", shown["deprecated"]!.GetValue<string>());
        Assert.Null((await server.GetJsonAsync("/api/components/table.select"))["origin"]);
    }

    /// <summary>The document at a path once it satisfies a condition (the server looks at the repository again each second).</summary>
    private static async Task<JsonNode> EventuallyAsync(ServerHarness server, string path, Func<JsonNode, bool> condition)
    {
        var body = await server.GetJsonAsync(path);
        for (var waited = 0; !condition(body) && waited < 50; waited++)
        {
            await Task.Delay(200);
            body = await server.GetJsonAsync(path);
        }

        Assert.True(condition(body), body.ToJsonString());
        return body;
    }

    [Fact]
    public async Task Publishing_takes_only_zips_and_says_so_where_the_host_cannot_run_workers()
    {
        await using var server = await ServerHarness.StartAsync();
        var published = await server.GetJsonAsync("/api/components/published");
        Assert.Empty(published["items"]!.AsArray());

        // The test host is not the loom program, so it has no worker to run a component's code in.
        using var zip = new ByteArrayContent([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        zip.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/zip");
        using var response = await server.Client.PostAsync("/api/components", zip);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Problems.Assert(503, ((int)response.StatusCode, body, response), "this server cannot publish components");

        Problems.Assert(415, await server.SendAsync(HttpMethod.Post, "/api/components", "{}"), "expected a zip of the component's folder (Content-Type: application/zip)");
    }

    [Fact]
    public async Task The_palette_lists_every_component_with_categories_and_filters_by_text_and_category()
    {
        await using var server = await ServerHarness.StartAsync();
        var all = await server.GetJsonAsync("/api/components");
        var names = all["items"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(ServerHarness.Catalog.Names, names);
        Assert.Contains("train", all["categories"]!.AsArray().Select(c => c!.GetValue<string>()));

        var search = await server.GetJsonAsync("/api/components?q=LightGBM");
        Assert.Contains("train.lightgbm-binary", search["items"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.All(search["items"]!.AsArray(), c => Assert.Contains("lightgbm", c!.ToJsonString(), StringComparison.OrdinalIgnoreCase));

        var evaluate = await server.GetJsonAsync("/api/components?category=evaluate");
        Assert.NotEmpty(evaluate["items"]!.AsArray());
        Assert.All(evaluate["items"]!.AsArray(), c => Assert.Equal("evaluate", c!["category"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_manifest_shows_typed_ports_and_parameters_with_ranges_and_choices()
    {
        await using var server = await ServerHarness.StartAsync();
        var manifest = await server.GetJsonAsync("/api/components/train.lightgbm-binary");
        Assert.Equal("model", manifest["outputs"]![0]!["type"]!.GetValue<string>());
        var iterations = manifest["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "iterations")!;
        Assert.Equal("integer", iterations["type"]!.GetValue<string>());
        Assert.Equal(1, iterations["min"]!.GetValue<double>());

        var split = await server.GetJsonAsync("/api/components/data.split?version=1");
        Assert.Equal("table", split["inputs"]![0]!["type"]!.GetValue<string>());

        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/components/no.such"), "no component named 'no.such'");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/components/data.split?version=9"), "has no version matching '9'");
        Problems.Assert(404, await server.SendAsync(HttpMethod.Get, "/api/nothing"), "no API endpoint");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_api()
    {
        await using var server = await ServerHarness.StartAsync();
        var openapi = await server.GetJsonAsync("/openapi/v1.json");
        var paths = openapi["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/pipelines/{name}", paths);
        Assert.Contains("/api/runs/{id}/events", paths);
        Assert.Contains("/api/components", paths);
    }
}
