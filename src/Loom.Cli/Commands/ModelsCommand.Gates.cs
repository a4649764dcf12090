using System.CommandLine;
using System.Text.Json;
using Loom.Execution;
using Loom.Execution.Registry;
using Loom.Execution.Registry.Gates;
using Loom.Pipelines.Gates;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom models check</c> and <c>promote</c>: gates before an alias moves.</summary>
internal static partial class ModelsCommand
{
    private static Command Check()
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var version = new Argument<int>("version") { Description = "The version to check." };
        var to = new Option<string>("--to") { Description = "The alias it would move to, such as production.", Required = true };
        var gate = new Option<string>("--gate") { Description = "The gate file (kind: Gate).", Required = true };
        var json = CliOptions.Json();
        var check = new Command("check", "Check a version against a gate for an alias without moving anything; exit code 1 when it does not pass.") { name, version, to, gate, json };
        check.SetAction(async (parse, cancellationToken) =>
        {
            var document = GateParser.ParseFile(parse.GetValue(gate)!);
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var report = await CheckAsync(workspace, document, parse.GetValue(name)!, parse.GetValue(version), parse.GetValue(to)!, cancellationToken);
            Print(report, parse.GetValue(json));
            return report.Passed ? ExitCodes.Ok : ExitCodes.GateFailed;
        });
        return check;
    }

    private static Command Promote()
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var version = new Argument<int>("version") { Description = "The version to point the alias at." };
        var to = new Option<string>("--to") { Description = "The alias, such as staging or production.", Required = true };
        var gate = new Option<string?>("--gate") { Description = "A gate file (kind: Gate) the version must pass first; its report is kept with the move." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the trail." };
        var promote = new Command("promote", "Point an alias at a version, after it passes a gate when one is given; the move is recorded with who, when, why, what held it before and the gate's report.") { name, version, to, gate, reason };
        promote.SetAction(async (parse, cancellationToken) =>
        {
            var document = parse.GetValue(gate) is { } file ? GateParser.ParseFile(file) : null;
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var (model, number, alias) = (parse.GetValue(name)!, parse.GetValue(version), parse.GetValue(to)!);
            GateReport? report = null;
            if (document is not null)
            {
                report = await CheckAsync(workspace, document, model, number, alias, cancellationToken);
                Print(report, json: false);
                if (!report.Passed)
                {
                    Console.Error.WriteLine($"error: {model} version {number} did not pass gate '{report.Gate}'; '{alias}' was not moved");
                    return ExitCodes.GateFailed;
                }
            }

            var move = await new ModelRegistry(workspace).PromoteAsync(model, number, alias, Environment.UserName, parse.GetValue(reason), report, cancellationToken);
            Console.WriteLine($"{move.Model}@{move.Alias} is version {move.To}{(move.From is { } from ? $" (was {from})" : "")}");
            return ExitCodes.Ok;
        });
        return promote;
    }

    private static async Task<GateReport> CheckAsync(Workspace workspace, GateDocument gate, string name, int version, string alias, CancellationToken cancellationToken)
    {
        var registry = new ModelRegistry(workspace);
        var candidate = await registry.FindAsync(name, version.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        ModelRegistry.CheckAlias(alias);
        var catalog = await CliSession.CatalogAsync(workspace, cancellationToken);
        return await new GateChecker(workspace, catalog).CheckAsync(gate, candidate, alias, cancellationToken);
    }

    private static void Print(GateReport report, bool json)
    {
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(report, LoomJson.Options));
            return;
        }

        var holder = report.Holder is { } h ? $"version {h}" : "no version";
        Console.WriteLine($"gate '{report.Gate}' for {report.Model} version {report.Version} to '{report.Alias}' (now {holder}): {(report.Passed ? "passed" : "FAILED")}");
        foreach (var outcome in report.Outcomes)
        {
            Console.WriteLine($"  {(outcome.Skipped ? "skip" : outcome.Passed ? "pass" : "FAIL")}  {outcome.Rule}: {outcome.Detail}");
        }
    }
}
