using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Metadata.Records;
using Loom.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static Loom.Server.Http.RegistryCall;

namespace Loom.Server.Pipelines;

/// <summary>
/// The <c>/api/pipelines/{name}/pin</c> endpoints: which version of a pipeline scheduled and served runs use
/// (<c>loom run --pinned</c>), pinning another, rolling the pin back, and the pin's trail.
/// </summary>
internal static class PipelinePinEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/pipelines/{name}/pin").WithTags("Pipelines");
        group.MapGet("/", GetAsync).WithSummary("The pinned version, every version the workspace has seen, and every move of the pin.");
        group.MapPut("/", PinAsync).WithSummary("Pins a version (a unique prefix of its hash); recorded with who and why.");
        group.MapPost("/rollback", RollbackAsync).WithSummary("Moves the pin back to the version pinned before the current one.");
    }

    private static async Task<IResult> GetAsync(string name, Workspace workspace, CancellationToken cancellationToken)
    {
        PipelineLibrary.CheckName(name);
        var versions = await Guarded(() => new PipelinePins(workspace).VersionsAsync(name, cancellationToken));
        var pinned = await workspace.Store.GetPipelinePinAsync(name, cancellationToken);
        var moves = await workspace.Store.ListPinMovesAsync(name, cancellationToken);
        return Results.Ok(new PinView(
            name,
            pinned,
            [.. versions.Select(v => new KnownVersionView(v.Version, v.FirstSeen, v.Origin, v.Runs))],
            [.. moves.Select(MoveView.Of)]));
    }

    private static async Task<IResult> PinAsync(string name, HttpRequest request, Workspace workspace, CancellationToken cancellationToken)
    {
        PipelineLibrary.CheckName(name);
        var body = await RequestBody.ReadAsync<PinBody>(request);
        if (string.IsNullOrWhiteSpace(body.Version))
        {
            throw ApiProblem.BadRequest("'version' is required: the version to pin, or a unique prefix of its hash");
        }

        var move = await Guarded(() => new PipelinePins(workspace).PinAsync(name, body.Version.Trim(), RequestUser.Of(request, body.Actor, "actor"), body.Reason, cancellationToken));
        return Results.Ok(MoveView.Of(move));
    }

    private static async Task<IResult> RollbackAsync(string name, HttpRequest request, Workspace workspace, CancellationToken cancellationToken)
    {
        PipelineLibrary.CheckName(name);
        var body = request.ContentType is null && (request.ContentLength is null or 0) ? new RollbackBody(null, null) : await RequestBody.ReadAsync<RollbackBody>(request);
        var move = await Guarded(() => new PipelinePins(workspace).RollbackAsync(name, RequestUser.Of(request, body.Actor, "actor"), body.Reason, cancellationToken));
        return Results.Ok(MoveView.Of(move));
    }

    private sealed record PinBody(string? Version, string? Reason, string? Actor);

    private sealed record RollbackBody(string? Reason, string? Actor);

    private sealed record PinView(string Pipeline, string? Pinned, IReadOnlyList<KnownVersionView> Versions, IReadOnlyList<MoveView> History);

    /// <summary>A version without its document (GET /api/pipelines/{name}/versions/{version} has that).</summary>
    private sealed record KnownVersionView(string Version, DateTimeOffset FirstSeen, string Origin, int Runs);

    private sealed record MoveView(string Pipeline, string? From, string? To, string Action, string Actor, DateTimeOffset At, string? Reason)
    {
        public static MoveView Of(PinMove m) => new(m.Pipeline, m.From, m.To, m.Action, m.Actor, m.At, m.Reason);
    }
}
