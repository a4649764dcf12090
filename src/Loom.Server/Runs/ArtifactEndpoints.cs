using Loom.Components.Tables;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Sdk;
using Loom.Server.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.Runs;

/// <summary>A step's outputs: download as a file, or preview (tables and metrics).</summary>
internal static class ArtifactEndpoints
{
    public const int MaxPreviewRows = 1000;

    public static void Map(RouteGroupBuilder runs)
    {
        runs.MapGet("/{id}/steps/{step}/outputs/{port}", DownloadAsync).WithSummary("Downloads an output of a step.");
        runs.MapGet("/{id}/steps/{step}/outputs/{port}/preview", PreviewAsync).WithSummary("The first rows of a table output, or a metrics output's document.");
    }

    private static async Task<IResult> DownloadAsync(string id, string step, string port, Workspace workspace, ComponentCatalog catalog, CancellationToken cancellationToken)
    {
        var (record, output, path) = await FindOutputAsync(workspace, id, step, port, cancellationToken);
        var steps = await workspace.Store.GetStepsAsync(record.Id, cancellationToken);
        var component = steps.First(s => s.Name == step).Component;
        var extension = OutputFileName.Extension(catalog, component, port, output.Kind);
        return Results.File(path, ContentType(output.Kind, extension), $"{step}.{port}.{extension}");
    }

    private static async Task<IResult> PreviewAsync(string id, string step, string port, int? limit, Workspace workspace, CancellationToken cancellationToken)
    {
        var (_, output, path) = await FindOutputAsync(workspace, id, step, port, cancellationToken);
        var rows = limit ?? 100;
        if (rows is < 0 or > MaxPreviewRows)
        {
            throw ApiProblem.BadRequest($"'limit' must be from 0 to {MaxPreviewRows}, got {rows}");
        }

        return output.Kind switch
        {
            ArtifactKind.Table => Results.Ok(await TablePreview.ReadAsync(path, rows, cancellationToken)),
            ArtifactKind.Metrics => Results.Text(await File.ReadAllTextAsync(path, cancellationToken), "application/json"),
            _ => throw ApiProblem.BadRequest($"{step}.{port} is a {StepView.Spell(output.Kind)}; previews are for tables and metrics (download it instead)"),
        };
    }

    private static async Task<(RunRecord Run, LineageRecord Output, string Path)> FindOutputAsync(Workspace workspace, string id, string step, string port, CancellationToken cancellationToken)
    {
        var run = await RunEndpoints.FindRunAsync(workspace, id, cancellationToken);
        var lineage = await workspace.Store.GetLineageAsync(run.Id, cancellationToken);
        var output = lineage.FirstOrDefault(l => l.IsOutput && l.Step == step && l.Port == port)
            ?? throw ApiProblem.NotFound($"run {run.Id} has no output '{step}.{port}' (the step does not exist, has no such port, or has not produced it yet)");
        var path = await workspace.Artifacts.TryGetVerifiedPathAsync(output.Sha256, cancellationToken)
            ?? throw new ApiProblem(410, "Gone", $"the artifact of {step}.{port} ({output.Sha256[..12]}) is missing or damaged in the artifact store");
        return (run, output, path);
    }

    private static string ContentType(ArtifactKind kind, string extension) => (kind, extension) switch
    {
        (ArtifactKind.Metrics, _) => "application/json",
        (ArtifactKind.Report, _) => "text/html; charset=utf-8",
        (_, "zip") => "application/zip",
        _ => "application/octet-stream",
    };
}
