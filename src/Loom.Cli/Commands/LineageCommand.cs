using System.CommandLine;
using System.Text.Json;
using Loom.Execution.Registry;
using Loom.Execution.Registry.Lineage;
using Loom.Sdk;

namespace Loom.Cli.Commands;

/// <summary><c>loom lineage</c>: what a model came from, or where a dataset went.</summary>
internal static class LineageCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("target") { Description = "NAME@VERSION or NAME@ALIAS of a registered model, or the hash (at least 6 hex digits) of an artifact such as a dataset." };
        var format = new Option<string>("--format") { Description = "text, json, or dot (Graphviz).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json", "dot");
        var command = new Command("lineage", "A model version back to its raw data and code (components, pipeline version, commit, parameters), or an artifact forward to every run and model that used it.") { target, format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var workspace = await new CliSession(parse).OpenWorkspaceAsync(cancellationToken);
            var queries = new LineageQueries(workspace, await CliSession.CatalogAsync(workspace, cancellationToken));
            var given = parse.GetValue(target)!;
            var at = given.IndexOf('@', StringComparison.Ordinal);
            var graph = at > 0
                ? await queries.OfModelAsync(await new ModelRegistry(workspace).FindAsync(given[..at], given[(at + 1)..], cancellationToken), cancellationToken)
                : await queries.OfArtifactAsync(given, cancellationToken);
            Console.Write(parse.GetValue(format) switch
            {
                "json" => JsonSerializer.Serialize(graph, LoomJson.Options) + "\n",
                "dot" => graph.ToDot(),
                _ => Text(graph),
            });
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Each edge as "upstream --port--> downstream", upstream first, with each node's details once.</summary>
    private static string Text(LineageGraph graph)
    {
        var labels = graph.Nodes.ToDictionary(n => n.Id, n => n.Label, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var node in graph.Nodes)
        {
            lines.Add($"{node.Label}{(node.Id == graph.Root ? "  <- asked" : "")}");
            lines.AddRange(node.Details.Where(d => d.Value is not null && d.Key != "sha256").Select(d => $"    {d.Key}: {d.Value}"));
        }

        lines.Add("");
        lines.AddRange(graph.Edges.Select(e => $"{labels[e.From]} --{e.Label}--> {labels[e.To]}"));
        return string.Join("\n", lines) + "\n";
    }
}
