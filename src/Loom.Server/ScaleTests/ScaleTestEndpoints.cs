using Loom.Execution;
using Loom.Scale;
using Loom.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.ScaleTests;

/// <summary>The scale reports <c>loom scale-test</c> and <c>loom ci</c> kept in the workspace: a list, one report, and its HTML page.</summary>
internal static class ScaleTestEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/scale-tests").WithTags("Scale tests");
        group.MapGet("/", List).WithSummary("Lists the scale tests kept in the workspace, newest first, optionally of one pipeline.");
        group.MapGet("/{id}", Get).WithSummary("One scale test's report: runs per data size with each step's time, rows and memory, growth, accuracy, stability and SLA.");
        group.MapGet("/{id}/report", Page).WithSummary("One scale test's report as a self-contained HTML page with its charts.");
    }

    private static IResult List(string? pipeline, Workspace workspace) =>
        Results.Ok(new { items = ScaleReportStore.List(workspace).Where(r => pipeline is null || r.Pipeline == pipeline) });

    private static IResult Get(string id, Workspace workspace) =>
        Results.Ok(ScaleReportStore.Find(workspace, id) ?? throw NotFound(id));

    private static IResult Page(string id, Workspace workspace, HttpResponse response)
    {
        var path = ScaleReportStore.HtmlPath(workspace, id) ?? throw NotFound(id);

        // The page is the server's own (encoded text, inline SVG); it runs no script and loads nothing.
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'";
        return Results.File(path, "text/html; charset=utf-8");
    }

    private static ApiProblem NotFound(string id) => ApiProblem.NotFound($"no scale test '{id}' in this workspace; 'loom scale-test PIPELINE' makes one");
}
