using System.Collections.Concurrent;
using Loom.Execution;
using Loom.Metadata.Records;
using Loom.Pipelines.Catalog;
using Loom.Server.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Loom.Server.Runs;

/// <summary>
/// Executes the runs started through the API, each on its own task with the workspace's executor
/// settings; keeps them reachable for event streams and cancellation; cancels them when the server stops.
/// </summary>
internal sealed class RunManager(Workspace workspace, ComponentCatalog catalog, RunPlacement placement, IHostApplicationLifetime lifetime, ILogger<RunManager> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, (LiveRun Run, Task Execution)> live = new(StringComparer.Ordinal);

    /// <summary>The live run with this id, if this server is executing it.</summary>
    public LiveRun? Find(string runId) => live.TryGetValue(runId, out var entry) ? entry.Run : null;

    /// <summary>Starts a run and returns its record as soon as the executor has created it.</summary>
    public Task<RunRecord> StartAsync(RunRequest request, bool useCache) =>
        LaunchAsync((executor, observer, token) => executor.RunAsync(request, observer, token), useCache);

    /// <summary>Continues an interrupted, failed or cancelled run.</summary>
    public Task<RunRecord> ResumeAsync(string runId) =>
        LaunchAsync((executor, observer, token) => executor.ResumeAsync(runId, observer, token), useCache: true);

    /// <summary>Asks a live run to stop; false when this server is not executing it.</summary>
    public bool Cancel(string runId)
    {
        if (Find(runId) is not { } run)
        {
            return false;
        }

        run.Cancel();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (run, _) in live.Values)
        {
            run.Cancel();
        }

        await Task.WhenAll(live.Values.Select(v => v.Execution)).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private async Task<RunRecord> LaunchAsync(Func<LocalExecutor, IRunObserver, CancellationToken, Task<RunResult>> execute, bool useCache)
    {
        var executor = workspace.CreateExecutor(catalog, workspace.CreateExecutorOptions(useCache: useCache, confineInputFiles: true, attemptHost: placement.Cluster));
        var run = new LiveRun(lifetime.ApplicationStopping);
        var execution = Task.Run(async () =>
        {
            try
            {
                var result = await execute(executor, run, run.Token).ConfigureAwait(false);
                logger.LogInformation("run {Run} of {Pipeline} ended {Status}", result.Run.Id, result.Run.PipelineName, result.Run.Status);
                return (Exception?)null;
            }
            catch (Exception e)
            {
                if (run.Started.IsCompletedSuccessfully)
                {
                    logger.LogError(e, "run {Run} failed outside its steps", run.Started.Result.Id);
                }

                return e;
            }
        });

        var first = await Task.WhenAny(run.Started, execution).ConfigureAwait(false);
        if (first == execution && !run.Started.IsCompleted)
        {
            var failure = await execution.ConfigureAwait(false);
            run.End(failure);
            run.Dispose();
            throw failure is Sdk.LoomException ? failure : ApiProblem.BadRequest($"the run could not start: {failure?.Message ?? "the executor ended without creating it"}");
        }

        var record = await run.Started.ConfigureAwait(false);
        live[record.Id] = (run, execution);
        _ = execution.ContinueWith(
            done =>
            {
                run.End(done.Result);
                live.TryRemove(record.Id, out _);
                run.Dispose();
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        return record;
    }
}
