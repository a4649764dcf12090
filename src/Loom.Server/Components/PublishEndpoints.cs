using Loom.Execution;
using Loom.Metadata;
using Loom.Pipelines.Catalog;
using Loom.Registry;
using Loom.Sdk;
using Loom.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.Components;

/// <summary>
/// Publishing custom components over the API: <c>POST /api/components</c> with a zip runs the quality gate and
/// publishes, <c>GET /api/components/published</c> lists the published versions with their gate reports.
/// </summary>
internal static class PublishEndpoints
{
    /// <summary>The largest zip taken (the upload limits' total).</summary>
    public const long MaxZipBytes = 100L << 20;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/components").WithTags("Components");
        group.MapGet("/published", ListAsync).WithSummary("Lists the component versions published to the workspace, with description, origin, deprecation, gate report and the pipelines whose runs used each; q filters by name, description or origin.");
        group.MapPost("/", PublishAsync).WithSummary("Checks a component (a zip of its folder, Content-Type: application/zip) with the quality gate and publishes it; 201 when published, 200 when the same content was, 422 with the gate's report when it fails, 409 when the version is taken or breaks the version rules.");
    }

    private static async Task<IResult> ListAsync(string? q, IMetadataStore store, CancellationToken cancellationToken)
    {
        var versions = (await store.ListComponentVersionsAsync(cancellationToken: cancellationToken))
            .Select(PublishedVersionDocument.From)
            .Where(v => string.IsNullOrWhiteSpace(q) || v.Matches(q.Trim()))
            .ToList();
        var items = new List<PublishedVersionDocument>(versions.Count);
        foreach (var group in versions.GroupBy(v => v.Name, StringComparer.Ordinal))
        {
            var uses = await store.ListComponentUsesAsync(group.Key, cancellationToken);
            items.AddRange(group.Select(v => v with { UsedBy = uses.Where(u => u.Version == v.Version).Select(ComponentUseDocument.From).ToList() }));
        }

        return Results.Ok(new { items });
    }

    private static async Task<IResult> PublishAsync(HttpRequest request, Workspace workspace, ComponentCatalog catalog, ComponentGateHolder gate, CancellationToken cancellationToken)
    {
        if (request.ContentType is not ("application/zip" or "application/x-zip-compressed" or "application/octet-stream"))
        {
            throw new ApiProblem(415, "Unsupported media type", $"expected a zip of the component's folder (Content-Type: application/zip), got '{request.ContentType ?? "none"}'");
        }

        if (gate.Gate is not { } componentGate)
        {
            throw new ApiProblem(503, "Service unavailable", "this server cannot publish components: custom components run in 'loom worker', which only the loom program's server starts");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxZipBytes;
        }

        var zip = Path.Combine(Path.GetTempPath(), $"loom-upload-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var file = File.Create(zip))
            {
                try
                {
                    await request.Body.CopyToAsync(file, cancellationToken);
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    throw new ApiProblem(413, "Payload too large", $"the zip is larger than {MaxZipBytes >> 20} MB, the most an upload takes");
                }
            }

            var user = RequestUser.Of(request, null, "X-Loom-User");
            var isBuiltIn = (string name) => catalog.Resolve(name, null) is { IsCustom: false };
            var result = await new ComponentPublisher(workspace.Store, workspace.Artifacts, componentGate, isBuiltIn).PublishAsync(zip, ComponentOrigin.Upload, user, cancellationToken);
            return await AnswerAsync(result, workspace, catalog, cancellationToken);
        }
        finally
        {
            File.Delete(zip);
        }
    }

    private static async Task<IResult> AnswerAsync(PublishResult result, Workspace workspace, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        var gate = new Dictionary<string, object?> { ["gate"] = result.Report };
        if (result.Refused is { } refused)
        {
            throw ApiProblem.Conflict(refused, gate);
        }

        if (result.Version is not { } version)
        {
            var failed = result.Report.Stages.LastOrDefault(s => !s.Passed)?.Name ?? "upload";
            throw new ApiProblem(422, "Component refused", $"the component did not pass the quality gate's {failed} stage; nothing was published", gate);
        }

        // The palette takes it now.
        await workspace.RefreshCatalogAsync(catalog, cancellationToken);
        var document = PublishedVersionDocument.From(version);

        return result.Unchanged
            ? Results.Ok(document)
            : Results.Created($"/api/components/{Uri.EscapeDataString(version.Name)}?version={Uri.EscapeDataString(version.Version)}", document);
    }
}

/// <summary>The quality gate the server publishes with, or none where it cannot start workers.</summary>
/// <param name="Gate">The gate, or null.</param>
internal sealed record ComponentGateHolder(ComponentGate? Gate);
