using System.CommandLine;
using System.Text.Json;
using Loom.Cli.Output;
using Loom.Pipelines.Catalog;
using Loom.Registry;
using Loom.Sdk;
using Spectre.Console;

namespace Loom.Cli.Commands;

/// <summary><c>loom components list|show|docs|new</c> (also <c>loom component</c>): the components this Loom knows, their manifests, and new component projects.</summary>
internal static class ComponentsCommand
{
    public static Command Create()
    {
        var command = new Command("components", "List components and show their manifests; start a component of your own.");
        command.Aliases.Add("component");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Docs());
        command.Subcommands.Add(New());
        command.Subcommands.Add(ComponentPublishing.Publish());
        command.Subcommands.Add(ComponentPublishing.Import());
        command.Subcommands.Add(ComponentPublishing.Update());
        command.Subcommands.Add(ComponentPublishing.Versions());
        command.Subcommands.Add(ComponentPublishing.Deprecate());
        return command;
    }

    private static Command List()
    {
        var json = CliOptions.Json();
        var search = new Argument<string?>("search") { Description = "Only components whose name, description or category holds this text (any case).", Arity = ArgumentArity.ZeroOrOne };
        var category = new Option<string?>("--category") { Description = "Only components of this category (data, features, train, evaluate, ...)." };
        var custom = new Option<bool>("--custom") { Description = "Only published custom components." };
        var list = new Command("list", "List components: name, version, category, source and description; search them by text or category.") { search, category, custom, json };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var text = parse.GetValue(search)?.Trim();
            var wanted = parse.GetValue(category);
            var registrations = (await new CliSession(parse).CatalogHereAsync(cancellationToken)).All
                .Where(r => string.IsNullOrEmpty(text) || ComponentCatalog.Matches(r.Manifest, text))
                .Where(r => wanted is null || r.Manifest.Category == wanted)
                .Where(r => !parse.GetValue(custom) || r.IsCustom)
                .ToList();
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(registrations.Select(ManifestDocument.From), LoomJson.Options));
                return ExitCodes.Ok;
            }

            if (registrations.Count == 0)
            {
                Console.Error.WriteLine("no component matches; 'loom components list' shows them all");
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("component", "version", "category", "source", "description");
            foreach (var r in registrations)
            {
                var source = r.Package is { } package ? package.Origin + (package.Deprecation is null ? "" : " (deprecated)") : "built-in";
                table.AddRow(Markup.Escape(r.Manifest.Name), r.Manifest.Version, r.Manifest.Category, Markup.Escape(source), Markup.Escape(CatalogMarkdown.FirstSentence(r.Manifest.Description)));
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
        show.SetAction(async (parse, cancellationToken) =>
        {
            var reference = parse.GetValue(name)!;
            var at = reference.IndexOf('@', StringComparison.Ordinal);
            var catalog = await new CliSession(parse).CatalogHereAsync(cancellationToken);
            var registration = catalog.Resolve(at < 0 ? reference : reference[..at], at < 0 ? null : reference[(at + 1)..])
                ?? throw new LoomException($"unknown component '{reference}'; 'loom components list' shows the known ones");
            var document = ManifestDocument.From(registration);
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
                    if (registration.IsCustom)
                    {
                        await ComponentPublishing.WritePublicationAsync(new CliSession(parse), registration.Manifest, cancellationToken);
                    }

                    break;
            }

            return ExitCodes.Ok;
        });
        return show;
    }

    private static Command New()
    {
        var name = new Argument<string>("name") { Description = "The component's name, lower-case words separated by '.' or '-', such as acme.order-flags." };
        var template = new Option<string>("--template") { Description = "The kind of component.", DefaultValueFactory = _ => ComponentScaffold.Templates[0] };
        template.AcceptOnlyFromAmong([.. ComponentScaffold.Templates]);
        var output = new Option<string?>("--out") { Description = "The project's folder; by default a new folder named after the component." };
        var command = new Command("new", "Start a component project: the component, its tests on real rows, a README, and the Loom.Sdk package it builds against.") { name, template, output };
        command.SetAction(parse =>
        {
            var component = parse.GetValue(name)!;
            var folder = Path.GetFullPath(parse.GetValue(output) ?? component);
            var files = ComponentScaffold.Write(component, parse.GetValue(template)!, folder, ComponentPublishing.SdkPackage());
            Console.WriteLine($"wrote {files.Count} files to {Path.GetRelativePath(Environment.CurrentDirectory, folder)}; build and test with: cd {Path.GetRelativePath(Environment.CurrentDirectory, folder)} && dotnet test");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Docs()
    {
        var docs = new Command("docs", "Print the catalog of every component as Markdown (the source of docs/components.md).");
        docs.SetAction(parse =>
        {
            Console.Write(CatalogMarkdown.Render(new CliSession(parse).BuiltInCatalog.All.Select(r => r.Manifest)));
            return ExitCodes.Ok;
        });
        return docs;
    }
}
