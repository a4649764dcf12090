using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Loom.Serving.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Loom.Serving.Tests;

/// <summary>A serving host started on a free port of 127.0.0.1, and a client for it.</summary>
public sealed class ServingClient : IAsyncDisposable
{
    private readonly WebApplication app;

    private ServingClient(WebApplication app)
    {
        this.app = app;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Http { get; }

    public static async Task<ServingClient> StartAsync(ServingWorkspace workspace, ServingOptions? options = null, params string[] models)
    {
        var app = await ServingHost.BuildAsync(workspace.Workspace, [.. (models.Length == 0 ? ["churn@production"] : models).Select(ModelReference.Parse)], (options ?? new ServingOptions()) with { Urls = "http://127.0.0.1:0", Poll = options?.Poll ?? TimeSpan.FromMilliseconds(200) }, CancellationToken.None);
        await app.StartAsync();
        return new ServingClient(app);
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string body, string contentType = "application/json")
    {
        var response = await Http.PostAsync(path, new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public async Task<JsonNode> GetJsonAsync(string path) => (await Http.GetFromJsonAsync<JsonNode>(path))!;

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
