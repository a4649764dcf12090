using Loom.Pipelines.Catalog;
using Loom.Sdk;
using Spectre.Console;

namespace Loom.Cli.Output;

/// <summary>Writes a manifest for people: identity, description, ports and a parameter table.</summary>
internal static class ManifestText
{
    public static void Write(ComponentManifest m)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(m.Identity)}[/]  ({Markup.Escape(m.Category)})");
        AnsiConsole.WriteLine(m.Description);
        AnsiConsole.WriteLine();
        var ports = new Table().AddColumns("direction", "port", "type", "description");
        foreach (var p in m.Inputs)
        {
            ports.AddRow("input", p.Name + (p.Optional ? " (optional)" : ""), ManifestDocument.Kind(p.Kind), Markup.Escape(p.Description));
        }

        foreach (var p in m.Outputs)
        {
            ports.AddRow("output", p.Name, ManifestDocument.Kind(p.Kind), Markup.Escape(p.Description));
        }

        AnsiConsole.Write(ports);
        if (m.Parameters.Count == 0)
        {
            return;
        }

        var parameters = new Table().AddColumns("parameter", "type", "default", "allowed", "description");
        foreach (var p in m.Parameters)
        {
            var allowed = p.Choices.Count > 0 ? string.Join(" | ", p.Choices)
                : p.Min is not null || p.Max is not null ? $"{ParameterValues.Format(p.Min) } .. {ParameterValues.Format(p.Max)}".Replace("null", "", StringComparison.Ordinal)
                : "";
            var fallback = p.Required ? "(required)" : p.Default is null ? "" : ParameterValues.Format(p.Default);
            parameters.AddRow(p.Name, ManifestDocument.TypeName(p.Type), Markup.Escape(fallback), Markup.Escape(allowed), Markup.Escape(p.Description));
        }

        AnsiConsole.Write(parameters);
    }
}
