using System.Globalization;
using System.Text.Json.Nodes;
using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Execution.Registry.Gates;
using Loom.Execution.Registry.Lineage;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Gates;
using Loom.Pipelines.Validation;
using Loom.Server.Http;
using Loom.Serving.Monitoring;
using static Loom.Server.Http.RegistryCall;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.Models;

/// <summary>The <c>/api/models</c> endpoints: the model registry — versions, aliases, gates, rollback, approvals, the trail.</summary>
internal static class ModelEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/models").WithTags("Models");
        group.MapGet("/", ListAsync).WithSummary("Lists registered models with their aliases and latest version.");
        group.MapPost("/", RegisterAsync).WithSummary("Registers the model a run wrote as the next version of a named model.");
        group.MapGet("/{name}", GetAsync).WithSummary("One model: its aliases and every version.");
        group.MapGet("/{name}/versions/{version}", GetVersionAsync).WithSummary("One version, by number or by alias.");
        group.MapPost("/{name}/versions/{version}/approvals", ApproveAsync).WithSummary("Records an approval of a version.");
        group.MapPost("/{name}/versions/{version}/check", CheckAsync).WithSummary("Checks a version against a gate for an alias, moving nothing.");
        group.MapPut("/{name}/aliases/{alias}", PromoteAsync).WithSummary("Points an alias at a version, after a gate when one is given.");
        group.MapPost("/{name}/aliases/{alias}/rollback", RollbackAsync).WithSummary("Moves an alias back to the version it held before.");
        group.MapGet("/{name}/history", HistoryAsync).WithSummary("Every move of the model's aliases, oldest first.");
        group.MapGet("/{name}/health", HealthAsync).WithSummary("What 'loom serve' judged of the model's traffic against its training data, oldest first (the last day unless since= is given).");
        group.MapGet("/{name}/alerts", AlertsAsync).WithSummary("The model's health alerts, newest first.");
        group.MapGet("/{name}/versions/{version}/lineage", LineageAsync).WithSummary("The version back to its raw data and code, as a graph.");
        app.MapGet("/api/artifacts/{sha}/lineage", ArtifactLineageAsync).WithTags("Models").WithSummary("An artifact (such as a dataset) forward to every run step and model version that used it, as a graph.");
    }

    private static async Task<IResult> LineageAsync(string name, string version, Workspace workspace, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        var found = await Guarded(() => new ModelRegistry(workspace).FindAsync(name, version, cancellationToken));
        return Results.Ok(await Guarded(() => new LineageQueries(workspace, catalog).OfModelAsync(found, cancellationToken)));
    }

    private static async Task<IResult> ArtifactLineageAsync(string sha, Workspace workspace, ComponentCatalog catalog, CancellationToken cancellationToken) =>
        Results.Ok(await Guarded(() => new LineageQueries(workspace, catalog).OfArtifactAsync(sha, cancellationToken)));

    private static async Task<IResult> ListAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var versions = await workspace.Store.ListModelVersionsAsync(cancellationToken: cancellationToken);
        var items = new List<ModelSummary>();
        foreach (var group in versions.GroupBy(v => v.Name))
        {
            var latest = group.MaxBy(v => v.Version)!;
            items.Add(new ModelSummary(group.Key, group.Count(), ModelVersionDocument.From(latest, new Dictionary<string, int>()), await workspace.Store.GetModelAliasesAsync(group.Key, cancellationToken)));
        }

        return Results.Ok(new { items });
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, Workspace workspace, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<RegisterBody>(request);
        var run = await workspace.Store.FindRunAsync(Required(body.Run, "run", "the id of a succeeded run"), cancellationToken)
            ?? throw ApiProblem.NotFound($"no run '{body.Run}' in this workspace (or the prefix matches several)");
        var version = await Guarded(() => new ModelRegistry(workspace, new TrainingBaselineRecorder(workspace)).RegisterAsync(run, Required(body.Output, "output", "the STEP.PORT that wrote the model, such as train.model"), Required(body.Name, "name", "the model's name, such as churn"), RequestUser.Of(request, body.RegisteredBy, "registered_by"), body.Description, cancellationToken));
        return Results.Created($"/api/models/{version.Name}/versions/{version.Version}", ModelVersionDocument.From(version, new Dictionary<string, int>()));
    }

    private static async Task<IResult> GetAsync(string name, Workspace workspace, CancellationToken cancellationToken)
    {
        var versions = await Guarded(() => new ModelRegistry(workspace).VersionsAsync(name, cancellationToken));
        var aliases = await workspace.Store.GetModelAliasesAsync(name, cancellationToken);
        return Results.Ok(new { name, aliases, versions = versions.Select(v => ModelVersionDocument.From(v, aliases)).ToList() });
    }

    private static async Task<IResult> GetVersionAsync(string name, string version, Workspace workspace, CancellationToken cancellationToken)
    {
        var found = await Guarded(() => new ModelRegistry(workspace).FindAsync(name, version, cancellationToken));
        return Results.Ok(ModelVersionDocument.From(found, await workspace.Store.GetModelAliasesAsync(name, cancellationToken)));
    }

    private static async Task<IResult> ApproveAsync(string name, string version, HttpRequest request, Workspace workspace, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<ApproveBody>(request);
        var found = await Guarded(() => new ModelRegistry(workspace).FindAsync(name, version, cancellationToken));
        var approval = await Guarded(() => new ModelRegistry(workspace).ApproveAsync(name, found.Version, RequestUser.Of(request, body.Approver, "approver"), body.Comment, cancellationToken));
        return Results.Created($"/api/models/{name}/versions/{found.Version}", approval);
    }

    private static async Task<IResult> CheckAsync(string name, string version, HttpRequest request, Workspace workspace, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<CheckBody>(request);
        var alias = Required(body.Alias, "alias", "the alias the version would move to, such as production");
        var gate = Gate(Required(body.Gate, "gate", "the gate document (YAML text, kind: Gate)"));
        var found = await Guarded(() => new ModelRegistry(workspace).FindAsync(name, version, cancellationToken));
        return Results.Ok(await Guarded(() => CheckGateAsync(workspace, catalog, gate, found, alias, cancellationToken)));
    }

    private static async Task<IResult> PromoteAsync(string name, string alias, HttpRequest request, Workspace workspace, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<PromoteBody>(request);
        var number = body.Version ?? throw ApiProblem.BadRequest("'version' is required: the version number the alias should point at");
        var gate = body.Gate is null ? null : Gate(body.Gate);
        var registry = new ModelRegistry(workspace);
        GateReport? report = null;
        if (gate is not null)
        {
            var found = await Guarded(() => registry.FindAsync(name, number.ToString(CultureInfo.InvariantCulture), cancellationToken));
            report = await Guarded(() => CheckGateAsync(workspace, catalog, gate, found, alias, cancellationToken));
            if (!report.Passed)
            {
                var failed = report.Outcomes.First(o => !o.Passed);
                throw new ApiProblem(422, "Gate failed", $"{name} version {number} did not pass gate '{report.Gate}' ({failed.Rule}: {failed.Detail}); '{alias}' was not moved", new Dictionary<string, object?> { ["gate"] = report });
            }
        }

        var move = await Guarded(() => registry.PromoteAsync(name, number, alias, RequestUser.Of(request, body.Actor, "actor"), body.Reason, report, cancellationToken));
        return Results.Ok(AliasMoveDocument.Of(move));
    }

    private static async Task<IResult> RollbackAsync(string name, string alias, HttpRequest request, Workspace workspace, CancellationToken cancellationToken)
    {
        var body = request.ContentType is null && (request.ContentLength is null or 0) ? new RollbackBody(null, null) : await RequestBody.ReadAsync<RollbackBody>(request);
        var move = await Guarded(() => new ModelRegistry(workspace).RollbackAsync(name, alias, RequestUser.Of(request, body.Actor, "actor"), body.Reason, cancellationToken));
        return Results.Ok(AliasMoveDocument.Of(move));
    }

    private static async Task<IResult> HistoryAsync(string name, Workspace workspace, CancellationToken cancellationToken)
    {
        await Guarded(() => new ModelRegistry(workspace).VersionsAsync(name, cancellationToken));
        var moves = await workspace.Store.ListAliasMovesAsync(name, cancellationToken);
        return Results.Ok(new { items = moves.Select(AliasMoveDocument.Of).ToList() });
    }

    private static async Task<IResult> HealthAsync(string name, string? since, Workspace workspace, CancellationToken cancellationToken)
    {
        await Guarded(() => new ModelRegistry(workspace).VersionsAsync(name, cancellationToken));
        var from = since is null ? DateTimeOffset.UtcNow.AddDays(-1)
            : DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var given) ? given
            : throw ApiProblem.BadRequest($"'since' must be a time such as 2026-12-01T00:00:00Z, found '{since}'");
        var snapshots = await workspace.Store.ListModelHealthAsync(name, from, cancellationToken: cancellationToken);
        return Results.Ok(new { items = snapshots.Select(s => new { version = s.Version, at = s.At, status = s.Status, report = JsonNode.Parse(s.Json) }).ToList() });
    }

    private static async Task<IResult> AlertsAsync(string name, Workspace workspace, CancellationToken cancellationToken)
    {
        await Guarded(() => new ModelRegistry(workspace).VersionsAsync(name, cancellationToken));
        var alerts = await workspace.Store.ListModelAlertsAsync(name, 200, cancellationToken);
        return Results.Ok(new { items = alerts.Select(a => new { id = a.Id, version = a.Version, field = a.Field, rules = a.Rules, at = a.At, host = a.Host }).ToList() });
    }

    private static async Task<GateReport> CheckGateAsync(Workspace workspace, ComponentCatalog catalog, GateDocument gate, ModelVersionRecord candidate, string alias, CancellationToken cancellationToken)
    {
        ModelRegistry.CheckAlias(alias);
        return await new GateChecker(workspace, catalog).CheckAsync(gate, candidate, alias, cancellationToken);
    }

    private static GateDocument Gate(string yaml)
    {
        try
        {
            return GateParser.Parse(yaml, "gate");
        }
        catch (PipelineValidationException e)
        {
            throw new ApiProblem(400, "Invalid gate", ProblemMiddleware.Summary(e.Errors), ProblemMiddleware.Errors(e.Errors));
        }
    }

    private static string Required(string? value, string field, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw ApiProblem.BadRequest($"'{field}' is required: {what}") : value;

    private sealed record ModelSummary(string Name, int Versions, JsonObject Latest, IReadOnlyDictionary<string, int> Aliases);

    private sealed record RegisterBody(string? Run, string? Output, string? Name, string? Description, string? RegisteredBy);

    private sealed record ApproveBody(string? Comment, string? Approver);

    private sealed record CheckBody(string? Alias, string? Gate);

    private sealed record PromoteBody(int? Version, string? Reason, string? Gate, string? Actor);

    private sealed record RollbackBody(string? Reason, string? Actor);
}
