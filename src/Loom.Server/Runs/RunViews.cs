using System.Text.Json;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Sdk;

namespace Loom.Server.Runs;

/// <summary>Body of a request to start a run.</summary>
internal sealed record StartRunBody(string? Pipeline, string? Version, Dictionary<string, JsonElement>? Parameters, bool? NoCache);

/// <summary>A stored artifact as the API shows it.</summary>
internal sealed record ArtifactView(string Sha256, string Type, long? Bytes);

/// <summary>Where a pipeline output comes from.</summary>
internal sealed record OutputView(string Step, string Port, string Sha256, string Type);

/// <summary>A step of a run.</summary>
internal sealed record StepView(
    string Name,
    string Component,
    StepStatus Status,
    bool CacheHit,
    int Attempts,
    double? Progress,
    string? ProgressMessage,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? Seconds,
    string? Error,
    IReadOnlyDictionary<string, ArtifactView> Outputs)
{
    public static StepView Of(StepRecord step, IEnumerable<LineageRecord> lineage, IReadOnlyDictionary<string, long> sizes, ProgressEvent? progress) => new(
        step.Name,
        step.Component,
        step.Status,
        step.CacheHit,
        step.Attempts,
        step.Status == StepStatus.Running ? progress?.Fraction : null,
        step.Status == StepStatus.Running ? progress?.Message : null,
        step.StartedAt,
        step.FinishedAt,
        step.Duration?.TotalSeconds,
        step.Error,
        lineage.Where(l => l.IsOutput && l.Step == step.Name)
            .ToDictionary(l => l.Port, l => new ArtifactView(l.Sha256, Spell(l.Kind), sizes.TryGetValue(l.Sha256, out var size) ? size : null)));

    public static string Spell(ArtifactKind kind) => kind.ToString().ToLowerInvariant();
}

/// <summary>A run, in a list (no steps) or whole.</summary>
internal sealed record RunView(
    string Id,
    string Pipeline,
    string PipelineVersion,
    string PipelineFile,
    RunStatus Status,
    bool Interrupted,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, string> GivenParameters,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    double? Seconds,
    string? Error,
    string? GitCommit,
    IReadOnlyDictionary<string, OutputView> Outputs,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    IReadOnlyList<StepView>? Steps)
{
    public static async Task<RunView> LoadAsync(Workspace workspace, RunRecord run, bool withSteps, LiveRun? live, CancellationToken cancellationToken)
    {
        var view = await Execution.RunView.LoadAsync(workspace, run, cancellationToken);
        IReadOnlyList<StepView>? steps = null;
        if (withSteps)
        {
            var lineage = await workspace.Store.GetLineageAsync(run.Id, cancellationToken);
            var sizes = await SizesAsync(workspace, lineage.Where(l => l.IsOutput), cancellationToken);
            steps = [.. view.Steps.Select(s => StepView.Of(s, lineage, sizes, live?.Progress.GetValueOrDefault(s.Name)))];
        }

        return new RunView(
            run.Id,
            run.PipelineName,
            run.PipelineVersion,
            run.PipelineFile,
            run.Status,
            view.Interrupted,
            view.Parameters,
            view.GivenParameters,
            run.CreatedAt,
            run.FinishedAt,
            (run.FinishedAt - run.CreatedAt)?.TotalSeconds,
            run.Error,
            run.GitCommit,
            view.Outputs.ToDictionary(o => o.Key, o => new OutputView(o.Value.Step, o.Value.Port, o.Value.Sha256, StepView.Spell(o.Value.Kind))),
            view.Metrics,
            steps);
    }

    public static async Task<IReadOnlyDictionary<string, long>> SizesAsync(Workspace workspace, IEnumerable<LineageRecord> outputs, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sha in outputs.Select(o => o.Sha256).Distinct())
        {
            if (await workspace.Store.GetArtifactAsync(sha, cancellationToken) is { } artifact)
            {
                sizes[sha] = artifact.Size;
            }
        }

        return sizes;
    }
}

/// <summary>A page of runs.</summary>
internal sealed record RunPage(IReadOnlyList<RunView> Items, int Total, int Limit, int Offset);

/// <summary>A log line.</summary>
internal sealed record LogView(DateTimeOffset Time, string Level, string Message, int Attempt);
