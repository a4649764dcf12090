using System.Text.Json;
using Loom.Sdk;

namespace Loom.Worker;

/// <summary>The parent's side of the worker: starts one worker process per request, within limits, and reads its reports.</summary>
/// <param name="launch">How to start a worker.</param>
public sealed class WorkerClient(WorkerLaunch launch)
{
    /// <summary>The component classes of a built assembly, with their manifests or what is wrong with them.</summary>
    /// <exception cref="LoomException">The worker failed or was stopped; the message says why.</exception>
    public async Task<IReadOnlyList<DescribedComponent>> DescribeAsync(string assemblyPath, ProcessLimits limits, CancellationToken cancellationToken)
    {
        var result = await ExchangeAsync(new WorkerRequest(WorkerRequest.Describe, assemblyPath), limits, _ => { }, cancellationToken).ConfigureAwait(false);
        return result.Components ?? [];
    }

    /// <summary>Runs one step; the file each output port was written to.</summary>
    /// <param name="request">The step (a <c>run</c> request).</param>
    /// <param name="limits">Its time and memory limits.</param>
    /// <param name="onReport">Called with each log line and progress report as it arrives.</param>
    /// <param name="cancellationToken">Kills the worker.</param>
    /// <exception cref="LoomException">The step failed or was stopped at a limit; the message says why.</exception>
    public async Task<IReadOnlyDictionary<string, string>> RunAsync(WorkerRequest request, ProcessLimits limits, Action<WorkerMessage> onReport, CancellationToken cancellationToken)
    {
        var result = await ExchangeAsync(request, limits, onReport, cancellationToken).ConfigureAwait(false);
        return result.Outputs ?? new Dictionary<string, string>();
    }

    private async Task<WorkerMessage> ExchangeAsync(WorkerRequest request, ProcessLimits limits, Action<WorkerMessage> onReport, CancellationToken cancellationToken)
    {
        WorkerMessage? final = null;
        var stray = new List<string>();
        var start = new SandboxedStart(
            launch.FileName,
            launch.Arguments,
            // The step's own folder, not the component's or the workspace's.
            request.Folder ?? Path.GetDirectoryName(Path.GetFullPath(request.AssemblyPath))!,
            limits,
            JsonSerializer.Serialize(request, WorkerJson.Options),
            line =>
            {
                var message = Parse(line);
                if (message is null)
                {
                    stray.Add(line);
                }
                else if (message.Type is WorkerMessage.Log or WorkerMessage.Progress)
                {
                    onReport(message);
                }
                else
                {
                    final = message;
                }
            });
        var outcome = await SandboxedProcess.RunAsync(start, cancellationToken).ConfigureAwait(false);
        if (outcome.Stopped is { } why)
        {
            throw new LoomException($"the worker was stopped: {why}");
        }

        return final switch
        {
            { Type: WorkerMessage.Failed, Transient: true } failed => throw new TransientException(failed.Message ?? "the component failed"),
            { Type: WorkerMessage.Failed } failed => throw new LoomException(failed.Message ?? "the component failed"),
            { } done when outcome.ExitCode == 0 => done,
            _ => throw new LoomException($"the worker ended with exit code {outcome.ExitCode} before reporting a result{Tail(outcome.Output, stray)}"),
        };
    }

    private static WorkerMessage? Parse(string line)
    {
        try
        {
            return line.StartsWith('{') ? JsonSerializer.Deserialize<WorkerMessage>(line, WorkerJson.Options) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Tail(string error, List<string> stray)
    {
        var lines = stray.Concat(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TakeLast(10).ToList();
        return lines.Count == 0 ? "" : ":\n" + string.Join('\n', lines);
    }
}
