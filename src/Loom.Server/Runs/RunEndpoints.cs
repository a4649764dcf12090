using System.Globalization;
using System.Text.Json;
using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Server.Http;
using Loom.Server.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Loom.Server.Runs;

/// <summary>The <c>/api/runs</c> endpoints: start, list, detail, cancel, resume and logs.</summary>
internal static class RunEndpoints
{
    public const int MaxPageSize = 500;

    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/runs").WithTags("Runs");
        group.MapPost("/", StartAsync).WithSummary("Starts a run of a pipeline version (the current one by default, or 'pinned') with parameter values.");
        group.MapGet("/", ListAsync).WithSummary("Lists runs, newest first, with filters and paging.");
        group.MapGet("/{id}", GetAsync).WithSummary("A run with its steps, outputs and metrics.");
        group.MapPost("/{id}/cancel", Cancel).WithSummary("Asks a running run to stop.");
        group.MapPost("/{id}/resume", ResumeAsync).WithSummary("Continues an interrupted, failed or cancelled run.");
        group.MapGet("/{id}/steps/{step}/logs", LogsAsync).WithSummary("What a step logged, in order.");
        group.MapGet("/{id}/events", RunEventStream.WriteAsync).WithSummary("Live progress as Server-Sent Events.");
        ArtifactEndpoints.Map(group);
    }

    public static async Task<RunRecord> FindRunAsync(Workspace workspace, string id, CancellationToken cancellationToken) =>
        await workspace.Store.FindRunAsync(id, cancellationToken)
            ?? throw ApiProblem.NotFound($"no run '{id}' in this workspace (or the prefix matches several)");

    private static async Task<IResult> StartAsync(HttpRequest request, Workspace workspace, PipelineLibrary library, ComponentCatalog catalog, RunManager runs, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<StartRunBody>(request);
        var name = PipelineLibrary.CheckName(body.Pipeline ?? throw ApiProblem.BadRequest("'pipeline' is required: the name of the pipeline to run"));
        var (file, current) = await library.CurrentAsync(name, cancellationToken);
        var (version, yaml) = body.Version switch
        {
            null => (current.Version, current.Yaml),
            "pinned" => await PinnedAsync(workspace, name, cancellationToken),
            _ => await workspace.Store.FindPipelineVersionAsync(name, body.Version, cancellationToken) is { } found
                ? (found.Version, found.Yaml)
                : throw ApiProblem.NotFound($"pipeline '{name}' has no version '{body.Version}'"),
        };
        var given = Parameters(body.Parameters);
        var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, file.RelativePath), catalog, given);
        var commit = version == current.Version ? GitInfo.CommitOf(file.Path) : null;
        var record = await runs.StartAsync(new RunRequest(plan, yaml, given, commit), useCache: body.NoCache != true);
        var view = await RunView.LoadAsync(workspace, record, withSteps: true, runs.Find(record.Id), cancellationToken);
        return Results.Accepted($"/api/runs/{record.Id}", view);
    }

    private static async Task<(string Version, string Yaml)> PinnedAsync(Workspace workspace, string name, CancellationToken cancellationToken)
    {
        var pinned = await RegistryCall.Guarded(() => new PipelinePins(workspace).PinnedAsync(name, cancellationToken));
        return (pinned.Version, pinned.Yaml);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, Workspace workspace, RunManager runs, CancellationToken cancellationToken)
    {
        var q = request.Query;
        var status = q["status"].FirstOrDefault() is { Length: > 0 } s
            ? Enum.TryParse<RunStatus>(s, ignoreCase: true, out var parsed) && !int.TryParse(s, out _) ? parsed : throw ApiProblem.BadRequest($"status '{s}' is not one of running, succeeded, failed, cancelled")
            : (RunStatus?)null;
        var limit = Number(q["limit"].FirstOrDefault(), "limit", 50, 1, MaxPageSize);
        var offset = Number(q["offset"].FirstOrDefault(), "offset", 0, 0, int.MaxValue);
        var query = new RunQuery(q["pipeline"].FirstOrDefault() is { Length: > 0 } p ? p : null, status, limit, offset, Time(q["since"].FirstOrDefault(), "since"), Time(q["until"].FirstOrDefault(), "until"));
        var records = await workspace.Store.ListRunsAsync(query, cancellationToken);
        var total = await workspace.Store.CountRunsAsync(query, cancellationToken);
        var items = new List<RunView>();
        foreach (var record in records)
        {
            items.Add(await RunView.LoadAsync(workspace, record, withSteps: false, runs.Find(record.Id), cancellationToken));
        }

        return Results.Ok(new RunPage(items, total, limit, offset));
    }

    private static async Task<IResult> GetAsync(string id, Workspace workspace, RunManager runs, CancellationToken cancellationToken)
    {
        var record = await FindRunAsync(workspace, id, cancellationToken);
        return Results.Ok(await RunView.LoadAsync(workspace, record, withSteps: true, runs.Find(record.Id), cancellationToken));
    }

    private static async Task<IResult> Cancel(string id, Workspace workspace, RunManager runs, CancellationToken cancellationToken)
    {
        var record = await FindRunAsync(workspace, id, cancellationToken);
        if (runs.Cancel(record.Id))
        {
            return Results.Accepted($"/api/runs/{record.Id}");
        }

        if (record.Status != RunStatus.Running || workspace.IsInterrupted(record))
        {
            throw ApiProblem.Conflict($"run {record.Id} is not running (it is {(workspace.IsInterrupted(record) ? "interrupted" : record.Status.ToString().ToLowerInvariant())}); there is nothing to cancel");
        }

        throw ApiProblem.Conflict($"run {record.Id} is executed by another process ({record.Owner}), not by this server; stop it there (Ctrl+C)");
    }

    private static async Task<IResult> ResumeAsync(string id, Workspace workspace, RunManager runs, CancellationToken cancellationToken)
    {
        var record = await FindRunAsync(workspace, id, cancellationToken);
        if (record.Status == RunStatus.Succeeded)
        {
            throw ApiProblem.Conflict($"run {record.Id} succeeded; there is nothing to resume");
        }

        if (record.Status == RunStatus.Running && !workspace.IsInterrupted(record))
        {
            throw ApiProblem.Conflict($"run {record.Id} is running; it can be resumed once it has ended or been interrupted");
        }

        var resumed = await runs.ResumeAsync(record.Id);
        return Results.Accepted($"/api/runs/{resumed.Id}", await RunView.LoadAsync(workspace, resumed, withSteps: true, runs.Find(resumed.Id), cancellationToken));
    }

    private static async Task<IResult> LogsAsync(string id, string step, Workspace workspace, CancellationToken cancellationToken)
    {
        var record = await FindRunAsync(workspace, id, cancellationToken);
        var steps = await workspace.Store.GetStepsAsync(record.Id, cancellationToken);
        if (steps.All(s => s.Name != step))
        {
            throw ApiProblem.NotFound($"run {record.Id} has no step '{step}'");
        }

        var logs = await workspace.Store.GetLogsAsync(record.Id, step, cancellationToken);
        return Results.Ok(new ItemsView<LogView>([.. logs.Select(l => new LogView(l.Timestamp, l.Level, l.Message, l.Attempt))]));
    }

    private static Dictionary<string, string> Parameters(Dictionary<string, JsonElement>? given)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in given ?? [])
        {
            values[name] = value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Array when value.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String) => string.Join(",", value.EnumerateArray().Select(i => i.GetString())),
                _ => throw ApiProblem.BadRequest($"parameter '{name}' must be a string, number, boolean or list of strings, got {value.ValueKind.ToString().ToLowerInvariant()}"),
            };
        }

        return values;
    }

    private static int Number(string? text, string name, int fallback, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiProblem.BadRequest($"'{name}' must be a whole number from {min} to {max}, got '{text}'");
    }

    private static DateTimeOffset? Time(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw ApiProblem.BadRequest($"'{name}' must be a date or time such as 2026-11-25 or 2026-11-25T13:00:00Z, got '{text}'");
    }
}
