using System.CommandLine;
using System.Text.Json;
using Loom.Cli.Output;
using Loom.Pipelines.Catalog;
using Loom.Sdk;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom components list|show</c>: the components this Loom knows, and their manifests.</summary>
internal static class ComponentsCommand
{
    public static Command Create()
    {
        var command = new Command("components", "List components and show their manifests.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Docs());
        return command;
    }

    private static Command List()
    {
        var json = CliOptions.Json();
        var list = new Command("list", "List every component: name, version, category, description.") { json };
        list.SetAction(parse =>
        {
            var manifests = new CliSession(parse).Catalog.All.Select(r => r.Manifest).ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(manifests.Select(ManifestDocument.From), LoomJson.Options));
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("component", "version", "category", "description");
            foreach (var m in manifests)
            {
                table.AddRow(Markup.Escape(m.Name), m.Version, m.Category, Markup.Escape(CatalogMarkdown.FirstSentence(m.Description)));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });
        return list;
    }

    private static Command Show()
    {
        var name = new Argument<string>("component") { Description = "Component name, optionally with @version." };
        var format = new Option<string>("--format") { Description = "text, yaml or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "yaml", "json");
        var show = new Command("show", "Show a component's manifest: ports, parameters with types, defaults, ranges and docs.") { name, format };
        show.SetAction(parse =>
        {
            var reference = parse.GetValue(name)!;
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var catalog = new CliSession(parse).Catalog;
            var registration = catalog.Resolve(at < 0 ? reference : reference[..at], at < 0 ? null : reference[(at + 1)..])
                ?? throw new LoomException($"unknown component '{reference}'; 'loom components list' shows the known ones");
            var document = ManifestDocument.From(registration.Manifest);
            switch (parse.GetValue(format))
            {
                case "json":
                    Console.WriteLine(JsonSerializer.Serialize(document, LoomJson.Options));
                    break;
                case "yaml":
                    Console.Write(ManifestDocument.ToYaml(document));
                    break;
                default:
                    ManifestText.Write(registration.Manifest);
                    break;
            }

            return ExitCodes.Ok;
        });
        return show;
    }

    private static Command Docs()
    {
        var docs = new Command("docs", "Print the catalog of every component as Markdown (the source of docs/components.md).");
        docs.SetAction(parse =>
        {
            Console.Write(CatalogMarkdown.Render(new CliSession(parse).Catalog.All.Select(r => r.Manifest)));
            return ExitCodes.Ok;
        });
        return docs;
    }
}
