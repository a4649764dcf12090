using System.Text.Json;
using Loom.Metadata;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Comparing;
using Loom.Pipelines.Documents;
using Loom.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.Pipelines;

/// <summary>The <c>/api/pipelines</c> endpoints: list, create, read, save with optimistic concurrency, versions, diff, validate, delete.</summary>
internal static class PipelineEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pipelines").WithTags("Pipelines");
        group.MapGet("/", ListAsync).WithSummary("Lists the pipelines of the workspace.");
        group.MapPost("/", CreateAsync).WithSummary("Creates a pipeline from a JSON document or YAML text.");
        group.MapPost("/validate", ValidateAsync).WithSummary("Validates a document without saving it.");
        group.MapGet("/{name}", GetAsync).WithSummary("The current version of a pipeline.");
        group.MapPut("/{name}", SaveAsync).WithSummary("Saves a new version; refused when base_version is not the current version.");
        group.MapDelete("/{name}", DeleteAsync).WithSummary("Removes a pipeline's file; its versions stay readable.");
        group.MapGet("/{name}/versions", VersionsAsync).WithSummary("Every saved version, newest first.");
        group.MapGet("/{name}/versions/{version}", VersionAsync).WithSummary("One version.");
        group.MapGet("/{name}/diff", DiffAsync).WithSummary("The differences between two versions, line by line and step by step.");
    }

    private static async Task<IResult> ListAsync(PipelineLibrary library, CancellationToken cancellationToken)
    {
        var files = await library.ListAsync(cancellationToken);
        return Results.Json(
            new ItemsView<PipelineSummary>([.. files.Select(f => new PipelineSummary(
                f.Name, f.RelativePath, f.Document?.Description, f.Version, f.Document?.Steps.Count, File.GetLastWriteTimeUtc(f.Path), f.Error))]),
            ApiJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, PipelineLibrary library, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<PipelineBody>(request);
        var (text, isJson) = PipelineSource.TextOf(body.Document, body.Yaml);
        var source = PipelineSource.Parse(text, isJson, "document", catalog);
        var name = PipelineLibrary.CheckName(source.Document.Name);
        var (version, _) = await library.SaveAsync(name, source, null, RequestUser.Of(request, body.Author, "author"), body.Message ?? "", Layout(body.Layout, source.Document), cancellationToken);
        return Results.Created($"/api/pipelines/{name}", PipelineVersionView.Of(version));
    }

    private static async Task<IResult> GetAsync(string name, PipelineLibrary library, CancellationToken cancellationToken)
    {
        var (_, version) = await library.CurrentAsync(name, cancellationToken);
        return Results.Json(PipelineVersionView.Of(version), ApiJson.Options);
    }

    private static async Task<IResult> SaveAsync(string name, HttpRequest request, PipelineLibrary library, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        PipelineLibrary.CheckName(name);
        var body = await RequestBody.ReadAsync<PipelineBody>(request);
        if (string.IsNullOrEmpty(body.BaseVersion))
        {
            throw ApiProblem.BadRequest("'base_version' is required: the version the edit started from, so that a concurrent save is not overwritten");
        }

        var (text, isJson) = PipelineSource.TextOf(body.Document, body.Yaml);
        var source = PipelineSource.Parse(text, isJson, "document", catalog);
        var (version, _) = await library.SaveAsync(name, source, body.BaseVersion, RequestUser.Of(request, body.Author, "author"), body.Message ?? "", Layout(body.Layout, source.Document), cancellationToken);
        return Results.Json(PipelineVersionView.Of(version), ApiJson.Options);
    }

    private static async Task<IResult> DeleteAsync(string name, PipelineLibrary library, CancellationToken cancellationToken)
    {
        await library.DeleteAsync(name, cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> VersionsAsync(string name, PipelineLibrary library, IMetadataStore store, CancellationToken cancellationToken)
    {
        PipelineLibrary.CheckName(name);
        if (await library.FindAsync(name, cancellationToken) is { Version: not null })
        {
            await library.CurrentAsync(name, cancellationToken);
        }

        var versions = await store.ListPipelineVersionsAsync(name, cancellationToken);
        if (versions.Count == 0)
        {
            throw ApiProblem.NotFound($"no pipeline named '{name}' in this workspace");
        }

        return Results.Json(new ItemsView<VersionSummary>([.. versions.Select(v => new VersionSummary(v.Version, v.CreatedAt, v.Author, v.Message, StepCount(v.Yaml)))]), ApiJson.Options);
    }

    private static async Task<IResult> VersionAsync(string name, string version, IMetadataStore store, CancellationToken cancellationToken)
    {
        var record = await FindVersionAsync(name, version, store, cancellationToken);
        return Results.Json(PipelineVersionView.Of(record), ApiJson.Options);
    }

    private static async Task<IResult> DiffAsync(string name, string? from, string? to, IMetadataStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(from) || string.IsNullOrEmpty(to))
        {
            throw ApiProblem.BadRequest("give both versions to compare: ?from=VERSION&to=VERSION");
        }

        var before = await FindVersionAsync(name, from, store, cancellationToken);
        var after = await FindVersionAsync(name, to, store, cancellationToken);
        var lines = LineDiff.Compare(before.Yaml, after.Yaml).Select(l => new DiffLineView(l.Op.ToString(), l.Text)).ToList();
        var steps = PipelineDiff.Compare(PipelineParser.Parse(before.Yaml, from), PipelineParser.Parse(after.Yaml, to));
        return Results.Json(new DiffView(before.Version, after.Version, lines, steps), ApiJson.Options);
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, ComponentCatalog catalog)
    {
        var body = await RequestBody.ReadAsync<ValidateBody>(request);
        var (text, isJson) = PipelineSource.TextOf(body.Document, body.Yaml);
        var (errors, yaml) = PipelineSource.Validate(text, isJson, catalog);
        return Results.Json(new ValidationView(errors.Count == 0, [.. errors.Select(ErrorView.Of)], yaml), ApiJson.Options);
    }

    private static async Task<Metadata.Records.PipelineVersionRecord> FindVersionAsync(string name, string version, IMetadataStore store, CancellationToken cancellationToken) =>
        await store.FindPipelineVersionAsync(PipelineLibrary.CheckName(name), version, cancellationToken)
            ?? throw ApiProblem.NotFound($"pipeline '{name}' has no version '{version}' (or more than one starts with it)");


    private static string? Layout(JsonElement? layout, PipelineDocument document)
    {
        if (layout is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given)
        {
            return null;
        }

        if (given.ValueKind != JsonValueKind.Object)
        {
            throw ApiProblem.BadRequest("'layout' must be an object of step name to { x, y }");
        }

        var steps = document.Steps.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var positions = new Dictionary<string, Position>(StringComparer.Ordinal);
        foreach (var entry in given.EnumerateObject().Where(e => steps.Contains(e.Name)))
        {
            if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("x", out var x) || x.ValueKind != JsonValueKind.Number
                || !entry.Value.TryGetProperty("y", out var y) || y.ValueKind != JsonValueKind.Number)
            {
                throw ApiProblem.BadRequest($"'layout.{entry.Name}' must be {{ \"x\": number, \"y\": number }}");
            }

            positions[entry.Name] = new Position(Math.Round(x.GetDouble(), 1), Math.Round(y.GetDouble(), 1));
        }

        return JsonSerializer.Serialize(positions, ApiJson.Options);
    }

    private static int? StepCount(string yaml)
    {
        try
        {
            return PipelineParser.Parse(yaml, "version").Steps.Count;
        }
        catch (Loom.Pipelines.Validation.PipelineValidationException)
        {
            return null;
        }
    }

    private sealed record Position(double X, double Y);
}
