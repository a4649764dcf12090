using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loom.Components;
using Loom.Execution;
using Loom.Pipelines.Catalog;
using Loom.Testing;
using Microsoft.AspNetCore.Builder;

namespace Loom.Server.Tests;

/// <summary>
/// A real <c>loom server</c> on a free port of 127.0.0.1 over a fresh copy of the telco example
/// workspace, and an HTTP client for it.
/// </summary>
public sealed class ServerHarness : IAsyncDisposable
{
    public static readonly ComponentCatalog Catalog = new ComponentCatalog().RegisterAssembly(BuiltInComponents.Assembly);

    private readonly TempFolder folder;
    private readonly Workspace workspace;
    private readonly WebApplication app;

    private ServerHarness(TempFolder folder, Workspace workspace, WebApplication app, Uri address)
    {
        (this.folder, this.workspace, this.app) = (folder, workspace, app);
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(3) };
    }

    public HttpClient Client { get; }

    public string Root => workspace.Root;

    public Workspace Workspace => workspace;

    public static async Task<ServerHarness> StartAsync(string example = "telco-churn", Registry.ComponentGate? gate = null)
    {
        var folder = ExampleWorkspace.Copy(example);
        var workspace = await Workspace.OpenAsync(folder.Path);
        var app = LoomServer.Build(workspace, Catalog.Copy(), "http://127.0.0.1:0", gate: gate);
        await app.StartAsync();
        return new ServerHarness(folder, workspace, app, new Uri(app.Urls.First()));
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? body = null, string? user = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (user is not null)
        {
            request.Headers.Add("X-Loom-User", user);
        }

        if (body is string text)
        {
            request.Content = new StringContent(text, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower });
        }

        var response = await Client.SendAsync(request);
        var content = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, content.Length == 0 ? null : JsonNode.Parse(content), response);
    }

    /// <summary>Reads the run's event stream to its end: every (event, data) pair.</summary>
    public async Task<List<(string Event, JsonNode Data)>> EventsAsync(string runId)
    {
        var events = new List<(string, JsonNode)>();
        using var stream = await Client.GetStreamAsync($"/api/runs/{runId}/events");
        using var reader = new StreamReader(stream);
        string? name = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((name!, JsonNode.Parse(line["data: ".Length..])!));
            }
        }

        return events;
    }

    /// <summary>Starts a run of a pipeline and waits for its end through the event stream.</summary>
    public async Task<JsonNode> RunToEndAsync(string pipeline, object? parameters = null)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/api/runs", new { pipeline, parameters });
        Assert.True(status == 202, $"start: {status} {body}");
        var events = await EventsAsync(body!["id"]!.GetValue<string>());
        Assert.Equal("end", events[^1].Event);
        return events[^1].Data;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await workspace.DisposeAsync();
        folder.Dispose();
    }
}
