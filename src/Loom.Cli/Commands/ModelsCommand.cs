using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Loom.Execution.Registry;
using Loom.Metadata.Records;
using Loom.Sdk;
using Loom.Serving.Monitoring;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom models</c>: the model registry — register a run's model, list versions, move aliases, roll back, show the trail.</summary>
internal static partial class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "Register trained models as numbered versions, point aliases such as production at them, roll back, and see who moved what.");
        command.Subcommands.Add(Register());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Promote());
        command.Subcommands.Add(Rollback());
        command.Subcommands.Add(History());
        command.Subcommands.Add(Approve());
        return command;
    }

    private static Command Register()
    {
        var run = new Argument<string>("run") { Description = "Run id, or a unique prefix of it." };
        var output = new Argument<string>("output") { Description = "The step and port that wrote the model, such as train.model." };
        var name = new Option<string>("--name") { Description = "The model's name, such as churn.", Required = true };
        var description = new Option<string?>("--description") { Description = "A note kept with the version." };
        var json = CliOptions.Json();
        var register = new Command("register", "Register the model a run wrote as the next version of a named model, with the run's metrics of it and its lineage.") { run, output, name, description, json };
        register.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var record = await RunsCommand.FindRunAsync(workspace, parse.GetValue(run)!, cancellationToken);
            var baselines = new TrainingBaselineRecorder(workspace);
            var version = await new ModelRegistry(workspace, baselines).RegisterAsync(record, parse.GetValue(output)!, parse.GetValue(name)!, Environment.UserName, parse.GetValue(description), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(ModelVersionDocument.From(version, new Dictionary<string, int>()).ToJsonString(LoomJson.Options));
                return ExitCodes.Ok;
            }

            Console.WriteLine($"registered {version.Name} version {version.Version} from run {version.RunId} ({version.Step}.{version.Port})");
            foreach (var line in MetricLines(version))
            {
                Console.WriteLine("  " + line);
            }

            Console.WriteLine(baselines.Problem is { } problem
                ? $"  no training baseline recorded ({problem}); loom serve will not judge this version's drift"
                : $"  training baseline recorded ({version.BaselineSha256![..12]}): what loom serve compares this version's traffic with");
            return ExitCodes.Ok;
        });
        return register;
    }

    private static Command List()
    {
        var name = new Argument<string?>("name") { Description = "Only this model's versions.", Arity = ArgumentArity.ZeroOrOne };
        var json = CliOptions.Json();
        var list = new Command("list", "List registered models with their versions and aliases, or one model's versions.") { name, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var given = parse.GetValue(name);
            var versions = given is null
                ? await workspace.Store.ListModelVersionsAsync(cancellationToken: cancellationToken)
                : await new ModelRegistry(workspace).VersionsAsync(given, cancellationToken);
            var aliases = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
            foreach (var model in versions.Select(v => v.Name).Distinct())
            {
                aliases[model] = await workspace.Store.GetModelAliasesAsync(model, cancellationToken);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(new JsonArray([.. versions.Select(v => (JsonNode)ModelVersionDocument.From(v, aliases[v.Name]))]).ToJsonString(LoomJson.Options));
                return ExitCodes.Ok;
            }

            if (versions.Count == 0)
            {
                Console.WriteLine("no models are registered; register one with 'loom models register RUN STEP.PORT --name NAME'");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("model", "version", "aliases", "run", "pipeline", "metrics", "registered");
            foreach (var v in versions)
            {
                table.AddRow(
                    Markup.Escape(v.Name),
                    v.Version.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(string.Join(", ", ModelVersionDocument.AliasesOf(aliases[v.Name], v.Version))),
                    v.RunId,
                    Markup.Escape($"{v.PipelineName}@{v.PipelineVersion[..12]}"),
                    Markup.Escape(string.Join("; ", MetricLines(v))),
                    $"{v.RegisteredAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} {Markup.Escape(v.RegisteredBy)}");
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command Show()
    {
        var reference = new Argument<string>("model") { Description = "NAME, NAME@VERSION or NAME@ALIAS (the latest version for NAME alone)." };
        var show = new Command("show", "Show one model version: where it came from, its metrics and lineage, as JSON.") { reference };
        show.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var (name, at) = Split(parse.GetValue(reference)!);
            var version = await new ModelRegistry(workspace).FindAsync(name, at, cancellationToken);
            var aliases = await workspace.Store.GetModelAliasesAsync(name, cancellationToken);
            Console.WriteLine(ModelVersionDocument.From(version, aliases).ToJsonString(new JsonSerializerOptions(LoomJson.Options) { WriteIndented = true }));
            return ExitCodes.Ok;
        });
        return show;
    }

    private static Command Rollback()
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var alias = new Option<string>("--alias") { Description = "The alias to move back, such as production.", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why, for the trail." };
        var rollback = new Command("rollback", "Move an alias back to the version it held before its current one was promoted; again to go further back.") { name, alias, reason };
        rollback.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var move = await new ModelRegistry(workspace).RollbackAsync(parse.GetValue(name)!, parse.GetValue(alias)!, Environment.UserName, parse.GetValue(reason), cancellationToken);
            Console.WriteLine($"{move.Model}@{move.Alias} is version {move.To} again (was {move.From})");
            return ExitCodes.Ok;
        });
        return rollback;
    }

    private static Command History()
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var json = CliOptions.Json();
        var history = new Command("history", "The trail of a model's aliases: every promotion, rollback and removal with who, when, why, from and to.") { name, json };
        history.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var model = parse.GetValue(name)!;
            await new ModelRegistry(workspace).VersionsAsync(model, cancellationToken);
            var moves = await workspace.Store.ListAliasMovesAsync(model, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(moves.Select(AliasMoveDocument.Of), LoomJson.Options));
                return ExitCodes.Ok;
            }

            if (moves.Count == 0)
            {
                Console.WriteLine($"no alias of model '{model}' has moved yet");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("when", "alias", "action", "from", "to", "who", "why");
            foreach (var m in moves)
            {
                table.AddRow(
                    m.At.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(m.Alias),
                    m.Action,
                    m.From?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    m.To?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    Markup.Escape(m.Actor),
                    Markup.Escape(m.Reason ?? ""));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return history;
    }

    private static Command Approve()
    {
        var name = new Argument<string>("name") { Description = "The model." };
        var version = new Argument<int>("version") { Description = "The version approved." };
        var comment = new Option<string?>("--comment") { Description = "What you checked." };
        var approve = new Command("approve", "Record your approval of a version (gates that require an approval look for one).") { name, version, comment };
        approve.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var approval = await new ModelRegistry(workspace).ApproveAsync(parse.GetValue(name)!, parse.GetValue(version), Environment.UserName, parse.GetValue(comment), cancellationToken);
            Console.WriteLine($"{approval.Approver} approved {approval.Model} version {approval.Version}");
            return ExitCodes.Ok;
        });
        return approve;
    }

    private static (string Name, string? At) Split(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? (reference, null) : (reference[..at], reference[(at + 1)..]);
    }

    /// <summary>One line per evaluation of the version: the step and its metrics.</summary>
    private static IEnumerable<string> MetricLines(ModelVersionRecord version)
    {
        var metrics = JsonNode.Parse(version.MetricsJson)!.AsObject();
        return metrics.Select(e => $"{e.Key}: " + string.Join(" ", e.Value!.AsObject().Where(m => m.Value is JsonValue).Select(m => $"{m.Key} {Format(m.Value!)}")));
    }

    private static string Format(JsonNode value) =>
        value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>().ToString("0.####", CultureInfo.InvariantCulture) : value.ToJsonString();
}
