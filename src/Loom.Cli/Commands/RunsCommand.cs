using Loom.Execution;
using System.CommandLine;
using Loom.Cli.Output;
using Loom.Metadata.Records;
using Loom.Sdk;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom runs list|show</c>: the runs of a workspace.</summary>
internal static class RunsCommand
{
    public static Command Create()
    {
        var command = new Command("runs", "List runs and show one in detail.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        return command;
    }

    private static Command List()
    {
        var pipeline = new Option<string?>("--pipeline") { Description = "Only runs of this pipeline name." };
        var status = new Option<string?>("--status") { Description = "Only runs with this status: running, succeeded, failed, cancelled." };
        status.AcceptOnlyFromAmong("running", "succeeded", "failed", "cancelled");
        var limit = new Option<int>("--limit") { Description = "Most runs to show.", DefaultValueFactory = _ => 20 };
        var offset = new Option<int>("--offset") { Description = "Skip this many newest runs first.", DefaultValueFactory = _ => 0 };
        var json = CliOptions.Json();
        var list = new Command("list", "List runs, newest first.") { pipeline, status, limit, offset, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(limit) is < 1 or > 10000 || parse.GetValue(offset) < 0)
            {
                throw new LoomException("--limit must be between 1 and 10000 and --offset at least 0");
            }

            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var wanted = parse.GetValue(status) is { } s ? Enum.Parse<RunStatus>(s, ignoreCase: true) : (RunStatus?)null;
            var runs = await workspace.Store.ListRunsAsync(new RunQuery(parse.GetValue(pipeline), wanted, parse.GetValue(limit), parse.GetValue(offset)), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(RunJson.SerializeList(runs, workspace.IsInterrupted));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("run", "pipeline", "version", "status", "created", "took");
            foreach (var run in runs)
            {
                table.AddRow(run.Id, Markup.Escape(run.PipelineName), run.PipelineVersion[..12], RunJson.Status(run, workspace.IsInterrupted(run)), run.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), Durations.Format(run.FinishedAt - run.CreatedAt));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command Show()
    {
        var id = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var json = CliOptions.Json();
        var show = new Command("show", "Show a run: status, steps with cache hits and attempts, outputs, metrics.") { id, json };
        show.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var run = await FindRunAsync(workspace, parse.GetValue(id)!, cancellationToken);
            var view = await RunView.LoadAsync(workspace, run, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(RunJson.Serialize(view));
            }
            else
            {
                RunText.Write(view);
            }

            return ExitCodes.Ok;
        });
        return show;
    }

    public static async Task<RunRecord> FindRunAsync(Execution.Workspace workspace, string id, CancellationToken cancellationToken) =>
        await workspace.Store.FindRunAsync(id, cancellationToken)
            ?? throw new LoomException($"no run '{id}' in this workspace (or the prefix matches several); 'loom runs list' shows the runs");
}
