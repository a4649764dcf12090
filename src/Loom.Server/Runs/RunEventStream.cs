using System.Text;
using System.Text.Json;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Server.Http;
using Microsoft.AspNetCore.Http;

namespace Loom.Server.Runs;

/// <summary>
/// <c>GET /api/runs/{id}/events</c>: a snapshot of the run, then its live events, then <c>end</c>.
/// A run this server executes streams the executor's events; one driven by another process (the CLI)
/// is followed by reading the store every second.
/// </summary>
internal static class RunEventStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static async Task WriteAsync(string id, HttpContext http, Workspace workspace, RunManager runs)
    {
        var cancellationToken = http.RequestAborted;
        var record = await RunEndpoints.FindRunAsync(workspace, id, cancellationToken);
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        var live = runs.Find(record.Id);
        using var subscription = live?.Subscribe();
        try
        {
            var snapshot = await LoadAsync(workspace, record.Id, live, cancellationToken);
            await SendAsync(response, "snapshot", snapshot, cancellationToken);
            if (subscription is not null)
            {
                await RelayAsync(response, subscription, workspace, record.Id, cancellationToken);
            }
            else if (snapshot.Status == RunStatus.Running && !snapshot.Interrupted)
            {
                await PollAsync(response, workspace, snapshot, cancellationToken);
            }

            await SendAsync(response, "end", await LoadAsync(workspace, record.Id, null, cancellationToken), cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task RelayAsync(HttpResponse response, LiveRun.Subscription subscription, Workspace workspace, string runId, CancellationToken cancellationToken)
    {
        var reader = subscription.Reader;
        while (true)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(Heartbeat);
            bool more;
            try
            {
                more = await reader.WaitToReadAsync(wait.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
                continue;
            }

            if (!more)
            {
                return;
            }

            while (reader.TryRead(out var item))
            {
                var data = item.Data is StepRecord step ? await StepAsync(workspace, runId, step, cancellationToken) : item.Data;
                await SendAsync(response, item.Name, data, cancellationToken);
            }
        }
    }

    private static async Task PollAsync(HttpResponse response, Workspace workspace, RunView last, CancellationToken cancellationToken)
    {
        var seen = last.Steps!.ToDictionary(s => s.Name, s => s);
        var quiet = TimeSpan.Zero;
        while (true)
        {
            await Task.Delay(PollInterval, cancellationToken);
            var now = await LoadAsync(workspace, last.Id, null, cancellationToken);
            var changed = now.Steps!.Where(s => !seen.TryGetValue(s.Name, out var before) || !Same(before, s)).ToList();
            foreach (var step in changed)
            {
                seen[step.Name] = step;
                await SendAsync(response, "step", step, cancellationToken);
            }

            quiet = changed.Count > 0 ? TimeSpan.Zero : quiet + PollInterval;
            if (quiet >= Heartbeat)
            {
                quiet = TimeSpan.Zero;
                await response.WriteAsync(": keep-alive\n\n", cancellationToken);
                await response.Body.FlushAsync(cancellationToken);
            }

            if (now.Status != RunStatus.Running || now.Interrupted)
            {
                return;
            }
        }
    }

    private static bool Same(StepView a, StepView b) =>
        a.Status == b.Status && a.Attempts == b.Attempts && a.CacheHit == b.CacheHit && a.Outputs.Count == b.Outputs.Count && a.Error == b.Error;

    private static async Task<RunView> LoadAsync(Workspace workspace, string runId, LiveRun? live, CancellationToken cancellationToken)
    {
        var record = await workspace.Store.FindRunAsync(runId, cancellationToken) ?? throw ApiProblem.NotFound($"run {runId} disappeared");
        return await RunView.LoadAsync(workspace, record, withSteps: true, live, cancellationToken);
    }

    private static async Task<StepView> StepAsync(Workspace workspace, string runId, StepRecord step, CancellationToken cancellationToken)
    {
        if (step.Status != StepStatus.Succeeded)
        {
            return StepView.Of(step, [], new Dictionary<string, long>(), null);
        }

        var lineage = (await workspace.Store.GetLineageAsync(runId, cancellationToken)).Where(l => l.Step == step.Name).ToList();
        return StepView.Of(step, lineage, await RunView.SizesAsync(workspace, lineage.Where(l => l.IsOutput), cancellationToken), null);
    }

    private static async Task SendAsync(HttpResponse response, string name, object data, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(data, data.GetType(), ApiJson.Options);
        await response.WriteAsync(new StringBuilder("event: ").Append(name).Append("\ndata: ").Append(json).Append("\n\n").ToString(), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
