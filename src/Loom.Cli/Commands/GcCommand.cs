using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Loom.Execution;
using Loom.Execution.Retention;
using Loom.Pipelines.Documents;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom gc</c>: deletes artifacts no run in the retention window, registered model, running run or recent cache entry needs.</summary>
internal static class GcCommand
{
    public static Command Create()
    {
        var keepDays = new Option<int>("--keep-days") { Description = "Retention window in days: runs and cache entries younger than this keep their artifacts.", DefaultValueFactory = _ => 30 };
        var grace = new Option<string>("--grace") { Description = "Files written or read more recently than this are kept whatever the records say (protects runs going on alongside): 90s, 10m, 1h.", DefaultValueFactory = _ => "1h" };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be deleted; delete nothing." };
        var force = new Option<bool>("--force") { Description = "Collect even though LOOM_DATABASE names another database than loom.yaml does." };
        var json = CliOptions.Json();
        var command = new Command("gc", "Delete artifacts that no run in the retention window, running run, registered model version or recent cache entry needs.") { keepDays, grace, dryRun, force, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(keepDays) is < 0 or > 36500)
            {
                throw new LoomException($"--keep-days must be a whole number from 0 to 36500, found {parse.GetValue(keepDays)}");
            }

            var graceText = parse.GetValue(grace)!;
            var gracePeriod = graceText is "0" or "0s" ? TimeSpan.Zero : PipelineParser.ParseDuration(graceText)
                ?? throw new LoomException($"--grace must be a duration such as 90s, 10m or 1h (or 0), found '{graceText}'");
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);

            // The artifacts are judged by the records of the database in use: the wrong one would make them all look unused.
            if (Environment.GetEnvironmentVariable(Workspace.DatabaseVariable) is { Length: > 0 } variable
                && variable != (workspace.Settings.Database ?? "sqlite") && !parse.GetValue(force) && !parse.GetValue(dryRun))
            {
                throw new LoomException($"{Workspace.DatabaseVariable} names another metadata database ({workspace.DatabaseDescription}) than loom.yaml does ({workspace.Settings.Database ?? "sqlite"}), and gc deletes every artifact that database's records do not name; unset it, or give --force if this workspace's records are there");
            }

            var report = await new GarbageCollector(workspace).CollectAsync(TimeSpan.FromDays(parse.GetValue(keepDays)), gracePeriod, parse.GetValue(dryRun), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(report, LoomJson.Options));
                return ExitCodes.Ok;
            }

            var verb = report.DryRun ? "would delete" : "deleted";
            foreach (var artifact in report.Deleted)
            {
                Console.WriteLine($"{verb} {artifact.Sha256} ({Size(artifact.Bytes)})");
            }

            Console.WriteLine($"{verb} {report.Deleted.Count} artifacts ({Size(report.Bytes)}) and {report.CacheEntries} cache entries; kept {report.Kept} artifacts of {report.LiveRuns} runs in the last {parse.GetValue(keepDays)} days, running, or behind a registered model");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Size(long bytes) => bytes switch
    {
        < 1 << 10 => $"{bytes} B",
        < 1 << 20 => (bytes / 1024.0).ToString("0.0 KB", CultureInfo.InvariantCulture),
        _ => (bytes / 1048576.0).ToString("0.0 MB", CultureInfo.InvariantCulture),
    };
}
