using System.CommandLine;
using Loom.Cli.Output;
using Loom.Cluster;
using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Metadata.Records;
using Loom.Pipelines.Documents;
using Loom.Pipelines.Planning;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom run PIPELINE [--param k=v]… | --resume RUN</c>: validates, then runs a pipeline.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var pipeline = new Argument<string?>("pipeline") { Description = "Pipeline document (YAML).", Arity = ArgumentArity.ZeroOrOne };
        var parameters = new Option<string[]>("--param", "-p") { Description = "A pipeline parameter value as NAME=VALUE; repeat for several.", AllowMultipleArgumentsPerToken = false, HelpName = "NAME=VALUE" };
        var noCache = new Option<bool>("--no-cache") { Description = "Recompute every step instead of reusing cached outputs." };
        var resume = new Option<string?>("--resume") { Description = "Continue an interrupted, failed or cancelled run, reusing every step that completed.", HelpName = "RUN" };
        var parallel = new Option<int?>("--max-parallel") { Description = "Most steps at once; 0 = one per core (default: the workspace setting, else one per core).", HelpName = "N" };
        var pinned = new Option<string?>("--pinned") { Description = "Run the version a pipeline is pinned to (loom pipelines pin), by the pipeline's name, instead of a file.", HelpName = "NAME" };
        var json = CliOptions.Json();
        var onCluster = new Option<bool>("--cluster") { Description = "Run the steps on the nodes of a cluster (loom cluster silo) instead of in this process; this process schedules and records them." };
        var cluster = new ClusterOptions();
        var partitionRows = new Option<long?>("--partition-rows") { Description = "With --cluster: a row-wise step (scoring, derive, filter...) on a table of more rows than this is split into partitions of about this many rows, run on several nodes at once (default 1000000).", HelpName = "ROWS" };
        var command = new Command("run", "Validate and run a pipeline, with progress per step; prints the run id, status and metrics.")
        {
            pipeline, parameters, noCache, resume, pinned, parallel, onCluster, partitionRows, json,
        };
        foreach (var option in cluster.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(pipeline);
            var resumeId = parse.GetValue(resume);
            var pinnedName = parse.GetValue(pinned);
            if (new[] { file, resumeId, pinnedName }.Count(given => given is not null) != 1)
            {
                throw new LoomException(file is null && resumeId is null && pinnedName is null
                    ? "give a pipeline file to run, --pinned NAME to run a pipeline's pinned version, or --resume RUN to continue a run"
                    : "give one of a pipeline file, --pinned NAME and --resume RUN");
            }

            if (resumeId is not null && parse.GetValue(parameters) is { Length: > 0 })
            {
                throw new LoomException("--param cannot be combined with --resume: a resumed run keeps the parameters it started with");
            }

            var session = new CliSession(parse);
            await using var workspace = await session.OpenWorkspaceAsync(cancellationToken);
            var catalog = await CliSession.CatalogAsync(workspace, cancellationToken);
            await using var connection = parse.GetValue(onCluster) ? await ClusterConnection.ConnectAsync(cluster.Read(parse, workspace), logging => logging.SetMinimumLevel(LogLevel.Error), cancellationToken) : null;
            var executor = workspace.CreateExecutor(catalog, workspace.CreateExecutorOptions(parse.GetValue(parallel), !parse.GetValue(noCache), attemptHost: connection?.AttemptHost, partitionRows: parse.GetValue(partitionRows)));
            Func<IRunObserver?, Task<RunResult>> start;
            if (resumeId is not null)
            {
                start = observer => executor.ResumeAsync(resumeId, observer, cancellationToken);
            }
            else
            {
                var given = ParseParameters(parse.GetValue(parameters) ?? []);
                var (yaml, source, commit) = pinnedName is null
                    ? (await PipelineFile.ReadAsync(file!, cancellationToken), file!, GitInfo.CommitOf(file!))
                    : await PinnedAsync(workspace, pinnedName, cancellationToken);
                var plan = PipelinePlanner.Plan(PipelineParser.Parse(yaml, source), catalog, given);
                CliSession.WarnDeprecated(plan);
                var request = new RunRequest(plan, yaml, given, commit);
                start = observer => executor.RunAsync(request, observer, cancellationToken);
            }

            var result = await RunWithProgressAsync(start, parse.GetValue(json));
            var view = await RunView.LoadAsync(workspace, result.Run, CancellationToken.None);
            if (parse.GetValue(json))
            {
                Console.WriteLine(RunJson.Serialize(view));
            }
            else
            {
                RunText.Write(view);
            }

            return result.Run.Status switch
            {
                RunStatus.Succeeded => ExitCodes.Ok,
                RunStatus.Cancelled => ExitCodes.Cancelled,
                _ => ExitCodes.RunFailed,
            };
        });
        return command;
    }

    /// <summary>The document of the version a pipeline is pinned to, named for messages as <c>NAME@VERSION</c>.</summary>
    private static async Task<(string Yaml, string Source, string? Commit)> PinnedAsync(Workspace workspace, string name, CancellationToken cancellationToken)
    {
        var version = await new PipelinePins(workspace).PinnedAsync(name, cancellationToken);
        return (version.Yaml, $"{name}@{version.Version[..12]}", null);
    }

    private static async Task<RunResult> RunWithProgressAsync(Func<IRunObserver?, Task<RunResult>> start, bool json)
    {
        if (json)
        {
            return await start(null);
        }

        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await start(new PlainProgress(Console.Out, showLogs: false));
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => start(new LiveProgress(context)));
    }

    /// <summary>The values of --param NAME=VALUE options.</summary>
    public static Dictionary<string, string> ParseParameters(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new LoomException($"--param '{pair}' must be NAME=VALUE");
            }

            result[pair[..equals].Trim()] = pair[(equals + 1)..];
        }

        return result;
    }
}
