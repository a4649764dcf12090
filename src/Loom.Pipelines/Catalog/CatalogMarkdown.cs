using System.Globalization;
using System.Text;
using Loom.Sdk;

namespace Loom.Pipelines.Catalog;

/// <summary>Renders component manifests as a Markdown catalog: an index by category, then each component's ports and parameters.</summary>
public static class CatalogMarkdown
{
    /// <summary>The catalog of the given components, in name order.</summary>
    public static string Render(IEnumerable<ComponentManifest> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var all = manifests.OrderBy(m => m.Name, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append("# Component catalog\n\n");
        text.Append("Generated from the components' manifests by `loom components docs`; do not edit by hand.\n");
        text.Append("[component-guide.md](component-guide.md) explains how the components behave together.\n");
        foreach (var category in all.GroupBy(m => m.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {category.Key}\n\n| component | inputs → outputs | does |\n| --- | --- | --- |\n");
            foreach (var m in category)
            {
                var inputs = string.Join(", ", m.Inputs.Select(p => $"`{p.Name}`{(p.Optional ? "?" : "")}"));
                var outputs = string.Join(", ", m.Outputs.Select(p => $"`{p.Name}`"));
                text.Append(CultureInfo.InvariantCulture, $"| [`{m.Name}`](#{Anchor(m.Name)}) | {(inputs.Length == 0 ? "" : inputs + " ")}→ {outputs} | {Cell(FirstSentence(m.Description))} |\n");
            }
        }

        foreach (var m in all)
        {
            Component(text, m);
        }

        return text.ToString();
    }

    private static void Component(StringBuilder text, ComponentManifest m)
    {
        text.Append(CultureInfo.InvariantCulture, $"\n### {m.Name}\n\nVersion {m.Version}, category {m.Category}. {m.Description}\n\n");
        foreach (var port in m.Inputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"- input `{port.Name}` ({port.Kind.ToString().ToLowerInvariant()}{(port.Optional ? ", optional" : "")}): {port.Description}\n");
        }

        foreach (var port in m.Outputs)
        {
            text.Append(CultureInfo.InvariantCulture, $"- output `{port.Name}` ({port.Kind.ToString().ToLowerInvariant()}{(port.Extension is null ? "" : $", .{port.Extension}")}): {port.Description}\n");
        }

        if (m.Example.Length > 0)
        {
            text.Append("\n```yaml\n").Append(m.Example).Append("\n```\n");
        }

        if (m.Parameters.Count == 0)
        {
            return;
        }

        text.Append("\n| parameter | type | default | allowed | description |\n| --- | --- | --- | --- | --- |\n");
        foreach (var p in m.Parameters)
        {
            var fallback = p.Required ? "required" : p.Default is null or "" ? "" : $"`{ParameterValues.Format(p.Default)}`";
            text.Append(CultureInfo.InvariantCulture, $"| `{p.Name}` | {TypeName(p.Type)} | {Cell(fallback)} | {Cell(Allowed(p))} | {Cell(p.Description)} |\n");
        }
    }

    private static string Allowed(ParameterManifest p) => p.Search is { } search
        ? $"{Range(p)}; searched {Number(search.Min)} to {Number(search.Max)}{(search.Log ? " (log)" : "")}"
        : Range(p);

    private static string Range(ParameterManifest p) => (p.Choices.Count, p.Min, p.Max) switch
    {
        ( > 0, _, _) => string.Join(", ", p.Choices),
        (_, { } min, { } max) => $"{Number(min)} to {Number(max)}",
        (_, { } min, null) => $"≥ {Number(min)}",
        (_, null, { } max) => $"≤ {Number(max)}",
        _ => "",
    };

    private static string TypeName(ParameterType type) => type switch
    {
        ParameterType.StringList => "list",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Anchor(string name) => name.Replace(".", "", StringComparison.Ordinal);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <summary>The first sentence of a description.</summary>
    public static string FirstSentence(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // A sentence ends at a full stop followed by a capital letter, so "e.g. 'x'" does not end one.
        var end = System.Text.RegularExpressions.Regex.Match(text, @"\.\s+(?=[A-Z])");
        return end.Success ? text[..(end.Index + 1)] : text;
    }
}
