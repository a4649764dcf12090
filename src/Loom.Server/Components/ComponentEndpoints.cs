using Loom.Pipelines.Catalog;
using Loom.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.Components;

/// <summary>The <c>/api/components</c> endpoints: the palette and each component's manifest.</summary>
internal static class ComponentEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/components").WithTags("Components");
        group.MapGet("/", List).WithSummary("Lists the newest version of every component, optionally filtered by text and category.");
        group.MapGet("/{name}", Get).WithSummary("One component's manifest: the newest version, or the one given.");
    }

    private static IResult List(string? q, string? category, ComponentCatalog catalog)
    {
        var newest = Newest(catalog).ToList();
        var matching = newest
            .Where(r => category is null || r.Manifest.Category == category)
            .Where(r => string.IsNullOrWhiteSpace(q) || ComponentCatalog.Matches(r.Manifest, q.Trim()))
            .Select(ManifestDocument.From)
            .ToList();
        var categories = newest.Select(r => r.Manifest.Category).Distinct(StringComparer.Ordinal).ToList();
        return Results.Ok(new ComponentList(matching, categories));
    }

    private static IResult Get(string name, string? version, ComponentCatalog catalog)
    {
        var registration = catalog.Resolve(name, version)
            ?? throw ApiProblem.NotFound(catalog.Contains(name)
                ? $"component '{name}' has no version matching '{version}'"
                : $"no component named '{name}'; GET /api/components lists them");
        return Results.Ok(ManifestDocument.From(registration));
    }

    private static IEnumerable<ComponentRegistration> Newest(ComponentCatalog catalog) =>
        catalog.Names.Select(n => catalog.Resolve(n, null)!);

    private sealed record ComponentList(IReadOnlyList<ManifestDocument> Items, IReadOnlyList<string> Categories);
}
