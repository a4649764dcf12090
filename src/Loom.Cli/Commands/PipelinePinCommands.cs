using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Loom.Execution.Registry;
using Loom.Pipelines.Comparing;
using Loom.Pipelines.Documents;
using Loom.Sdk;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom pipelines versions|pin|rollback|history</c>: a pipeline's versions and the one pinned for scheduled and served runs.</summary>
internal static class PipelinePinCommands
{
    public static IEnumerable<Command> Create() => [Versions(), Pin(), Rollback(), History()];

    private static Command Versions()
    {
        var name = new Argument<string>("name") { Description = "The pipeline's name (the 'name' in its document)." };
        var json = CliOptions.Json();
        var versions = new Command("versions", "List every version of a pipeline that was saved or run, newest first, with what changed from the one before and which is pinned.") { name, json };
        versions.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var pipeline = parse.GetValue(name)!;
            var known = await new PipelinePins(workspace).VersionsAsync(pipeline, cancellationToken);
            var pinned = await workspace.Store.GetPipelinePinAsync(pipeline, cancellationToken);
            var listed = known.Select((v, i) => (Version: v, Changes: i + 1 < known.Count ? Changes(known[i + 1], v) : ["first version"])).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(listed.Select(l => new { l.Version.Version, l.Version.FirstSeen, l.Version.Origin, l.Version.Runs, Pinned = l.Version.Version == pinned, l.Changes }), LoomJson.Options));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("version", "first seen", "runs", "origin", "changes");
            foreach (var (version, changes) in listed)
            {
                table.AddRow(
                    version.Version[..12] + (version.Version == pinned ? " (pinned)" : ""),
                    version.FirstSeen.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    version.Runs.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(version.Origin),
                    Markup.Escape(string.Join("\n", changes)));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return versions;
    }

    private static Command Pin()
    {
        var name = new Argument<string>("name") { Description = "The pipeline's name." };
        var version = new Argument<string>("version") { Description = "The version (a unique prefix of its hash, as 'versions' shows)." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the trail." };
        var pin = new Command("pin", "Pin a version of a pipeline as the one scheduled and served runs use ('loom run --pinned NAME'); the move is recorded.") { name, version, reason };
        pin.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var move = await new PipelinePins(workspace).PinAsync(parse.GetValue(name)!, parse.GetValue(version)!, Environment.UserName, parse.GetValue(reason), cancellationToken);
            Console.WriteLine($"{move.Pipeline} is pinned to {move.To![..12]}{(move.From is { } from ? $" (was {from[..12]})" : "")}");
            return ExitCodes.Ok;
        });
        return pin;
    }

    private static Command Rollback()
    {
        var name = new Argument<string>("name") { Description = "The pipeline's name." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the trail." };
        var rollback = new Command("rollback", "Move a pipeline's pin back to the version pinned before; again to go further back.") { name, reason };
        rollback.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var move = await new PipelinePins(workspace).RollbackAsync(parse.GetValue(name)!, Environment.UserName, parse.GetValue(reason), cancellationToken);
            Console.WriteLine($"{move.Pipeline} is pinned to {move.To![..12]} again (was {move.From![..12]})");
            return ExitCodes.Ok;
        });
        return rollback;
    }

    private static Command History()
    {
        var name = new Argument<string>("name") { Description = "The pipeline's name." };
        var json = CliOptions.Json();
        var history = new Command("history", "Every move of a pipeline's pin: who, when, why, from and to.") { name, json };
        history.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var moves = await workspace.Store.ListPinMovesAsync(parse.GetValue(name)!, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(moves, LoomJson.Options));
                return ExitCodes.Ok;
            }

            foreach (var m in moves)
            {
                Console.WriteLine($"{m.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}  {m.Action,-8} {m.From?[..12] ?? "-",-12} -> {m.To?[..12] ?? "-",-12}  {m.Actor}{(m.Reason is null ? "" : $": {m.Reason}")}");
            }

            if (moves.Count == 0)
            {
                Console.WriteLine($"the pin of pipeline '{parse.GetValue(name)}' has not moved yet");
            }

            return ExitCodes.Ok;
        });
        return history;
    }

    /// <summary>What changed from one version to the next, step by step (or that they could not be compared).</summary>
    private static List<string> Changes(KnownPipelineVersion before, KnownPipelineVersion after)
    {
        try
        {
            var diff = PipelineDiff.Compare(PipelineParser.Parse(before.Yaml, "before"), PipelineParser.Parse(after.Yaml, "after"));
            var lines = diff.Added.Select(s => $"+ step {s}").Concat(diff.Removed.Select(s => $"- step {s}"))
                .Concat(diff.Changed.SelectMany(c => c.Fields.Select(f => $"~ {c.Step}.{f.Field}: {f.From ?? "(none)"} -> {f.To ?? "(none)"}"))).ToList();
            return lines.Count > 0 ? lines : ["no step changed (name, description, seed, parameters or outputs did)"];
        }
        catch (LoomException)
        {
            return ["(a version does not parse any more; compare the YAML)"];
        }
    }
}
