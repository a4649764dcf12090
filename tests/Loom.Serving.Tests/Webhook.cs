using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Loom.Serving.Tests;

/// <summary>An HTTP endpoint on 127.0.0.1 that keeps every JSON body posted to it: where alerts go in tests.</summary>
public sealed class Webhook : IAsyncDisposable
{
    private WebApplication? app;

    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    public ConcurrentQueue<JsonNode> Received { get; } = new();

    public static async Task<Webhook> StartAsync()
    {
        var webhook = new Webhook();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        webhook.app = builder.Build();
        webhook.app.MapPost("/hook", async (HttpRequest request) =>
        {
            webhook.Received.Enqueue((await JsonNode.ParseAsync(request.Body))!);
            return Results.NoContent();
        });
        await webhook.app.StartAsync();
        webhook.Address = new Uri(new Uri(webhook.app.Urls.First()), "/hook");
        return webhook;
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
