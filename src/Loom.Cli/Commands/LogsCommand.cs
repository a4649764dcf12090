using System.CommandLine;
using System.Globalization;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom logs RUN [STEP]</c>: what the steps of a run wrote to their logs.</summary>
internal static class LogsCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var step = new Argument<string?>("step") { Description = "Only this step.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("logs", "Print the log lines a run's steps wrote, with time, step, attempt and level.") { run, step };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var record = await RunsCommand.FindRunAsync(workspace, parse.GetValue(run)!, cancellationToken);
            var name = parse.GetValue(step);
            var steps = await workspace.Store.GetStepsAsync(record.Id, cancellationToken);
            var chosen = name is null ? null : steps.FirstOrDefault(s => s.Name == name)
                ?? throw new LoomException($"run {record.Id} has no step '{name}'; its steps are {string.Join(", ", steps.Select(s => s.Name))}");
            if (chosen is { CacheHit: true, CacheKey: { } key, StartedAt: { } started }
                && await workspace.Store.FindComputingStepAsync(key, started, cancellationToken) is { } origin)
            {
                // A cache hit logs nothing itself: show the log of the run that computed the outputs.
                Console.WriteLine($"step '{chosen.Name}' reused the outputs computed by run {origin.RunId}; its log there:");
                Print(await workspace.Store.GetLogsAsync(origin.RunId, origin.Name, cancellationToken));
                return ExitCodes.Ok;
            }

            Print(await workspace.Store.GetLogsAsync(record.Id, name, cancellationToken));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IEnumerable<Metadata.Records.LogRecord> logs)
    {
        foreach (var log in logs)
        {
            var time = log.Timestamp.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            Console.WriteLine($"{time} {log.Step}#{log.Attempt} {Level(log.Level),-5} {log.Message}");
        }
    }

    private static string Level(string level) => level switch
    {
        "Information" => "info",
        "Warning" => "warn",
        "Critical" => "crit",
        _ => level.ToLowerInvariant(),
    };
}
