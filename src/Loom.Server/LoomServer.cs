using Loom.Execution;
using Loom.Pipelines.Catalog;
using Loom.Registry;
using Loom.Server.Components;
using Loom.Server.Http;
using Loom.Server.Models;
using Loom.Server.Pipelines;
using Loom.Server.Runs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Server;

/// <summary>
/// <c>loom server</c>: the REST API over one workspace and the web builder, from one ASP.NET Core
/// process bound to 127.0.0.1 unless told otherwise.
/// </summary>
public static class LoomServer
{
    /// <summary>Where the server listens when no address is given.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>Requests larger than this are refused (pipeline documents are far smaller).</summary>
    public const long MaxRequestBytes = 4 << 20;

    /// <summary>Builds the server for an open workspace; <see cref="WebApplication.RunAsync(string?)"/> serves it.</summary>
    /// <param name="workspace">The workspace served; the caller keeps ownership.</param>
    /// <param name="catalog">The components pipelines may use.</param>
    /// <param name="urls">Addresses to listen on, separated by ';'.</param>
    /// <param name="webRoot">Folder of the built web UI; null for the one shipped next to this assembly.</param>
    /// <param name="gate">The quality gate components are published through, or null where this host cannot publish them.</param>
    /// <param name="cluster">Where the steps of runs started through the API run (a cluster's nodes), or null for this process.</param>
    public static WebApplication Build(Workspace workspace, ComponentCatalog catalog, string urls = DefaultUrls, string? webRoot = null, ComponentGate? gate = null, Execution.Distribution.IAttemptHost? cluster = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(catalog);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = workspace.Root, Args = [] });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxRequestBytes);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(workspace);
        builder.Services.AddSingleton(workspace.Store);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(new ComponentGateHolder(gate));
        builder.Services.AddSingleton(new PipelineLibrary(workspace.Root, workspace.Store));
        builder.Services.AddSingleton(new RunPlacement(cluster));
        builder.Services.AddSingleton<RunManager>();

        var app = builder.Build();
        app.UseMiddleware<ProblemMiddleware>();
        app.UseMiddleware<CatalogRefreshMiddleware>();
        app.MapOpenApi();
        PublishEndpoints.Map(app);
        ComponentEndpoints.Map(app);
        PipelineEndpoints.Map(app);
        PipelinePinEndpoints.Map(app);
        RunEndpoints.Map(app);
        ModelEndpoints.Map(app);
        ScaleTests.ScaleTestEndpoints.Map(app);
        app.Map("/api/{**rest}", (HttpContext http) => throw ApiProblem.NotFound($"no API endpoint {http.Request.Method} {http.Request.Path}; see /openapi/v1.json"));
        ServeWebUi(app, webRoot ?? Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        return app;
    }

    private static void ServeWebUi(WebApplication app, string webRoot)
    {
        if (!File.Exists(Path.Combine(webRoot, "index.html")))
        {
            app.MapGet("/", () => Results.Text("The web builder was not built with this server (the build ran with LoomSkipWebUi=true); the API is at /api.", "text/plain"));
            return;
        }

        var files = new PhysicalFileProvider(Path.GetFullPath(webRoot));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
    }
}
