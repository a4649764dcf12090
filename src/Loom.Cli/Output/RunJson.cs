using Loom.Execution;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Loom.Cli.Output;

/// <summary>The JSON document printed by <c>loom run --json</c> and <c>loom runs show --json</c>.</summary>
internal static class RunJson
{
    public static string Serialize(RunView view) => JsonSerializer.Serialize(Document(view), Sdk.LoomJson.Options);

    public static string SerializeList(IEnumerable<Metadata.Records.RunRecord> runs, Func<Metadata.Records.RunRecord, bool> interrupted) =>
        JsonSerializer.Serialize(runs.Select(run => Summary(run, interrupted(run))), Sdk.LoomJson.Options);

    public static object Document(RunView view) => new
    {
        run_id = view.Run.Id,
        status = Status(view.Run, view.Interrupted),
        pipeline = new { name = view.Run.PipelineName, version = view.Run.PipelineVersion, file = view.Run.PipelineFile },
        parameters = view.Parameters,
        given_parameters = view.GivenParameters,
        created_at = view.Run.CreatedAt,
        finished_at = view.Run.FinishedAt,
        error = view.Run.Error,
        git_commit = view.Run.GitCommit,
        steps = view.Steps.Select(s => new
        {
            name = s.Name,
            component = s.Component,
            status = s.Status.ToString().ToLowerInvariant(),
            cache_hit = s.CacheHit,
            attempts = s.Attempts,
            duration_seconds = s.Duration?.TotalSeconds,
            error = s.Error,
            cache_key = s.CacheKey,
        }),
        attempts = view.Attempts.Select(a => new { step = a.Step, number = a.Number, status = a.Status.ToString().ToLowerInvariant(), error = a.Error }),
        outputs = view.Outputs.ToDictionary(o => o.Key, o => new { step = o.Value.Step, port = o.Value.Port, kind = o.Value.Kind.ToString().ToLowerInvariant(), sha256 = o.Value.Sha256 }),
        metrics = view.Metrics,
    };

    /// <summary>The status shown to users: a run left running by a dead process shows as interrupted.</summary>
    public static string Status(Metadata.Records.RunRecord run, bool interrupted) =>
        interrupted ? "interrupted" : run.Status.ToString().ToLowerInvariant();

    private static object Summary(Metadata.Records.RunRecord run, bool interrupted) => new
    {
        run_id = run.Id,
        pipeline = run.PipelineName,
        version = run.PipelineVersion,
        status = Status(run, interrupted),
        created_at = run.CreatedAt,
        finished_at = run.FinishedAt,
        error = run.Error,
    };
}
