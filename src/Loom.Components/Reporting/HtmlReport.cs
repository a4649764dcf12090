using System.Globalization;
using System.Net;
using System.Text;
using Loom.Components.Models;

namespace Loom.Components.Reporting;

/// <summary>A self-contained HTML page: the model, its metrics, its charts (inline SVG) and the importance of its inputs.</summary>
internal static class HtmlReport
{
    public static string Render(ModelCard card, long rows, IReadOnlyDictionary<string, double> metrics, IReadOnlyList<Chart> charts, IReadOnlyList<Importance> importance)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Encode($"{card.Producer} — evaluation")).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;margin:1rem 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0}</style></head><body>\n");
        html.Append("<h1>").Append(Encode(card.Producer)).Append("</h1>\n<p>")
            .Append(Encode($"{card.Task} model of '{card.Label ?? "(no label)"}', measured on {rows.ToString(CultureInfo.InvariantCulture)} rows.")).Append("</p>\n");
        html.Append("<h2>Metrics</h2>\n<table><tr><th>metric</th><th>value</th></tr>\n");
        foreach (var (name, value) in metrics)
        {
            html.Append("<tr><td>").Append(Encode(name)).Append("</td><td class=\"n\">").Append(value.ToString("0.####", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<h2>Charts</h2>\n<div class=\"charts\">\n");
        foreach (var chart in charts)
        {
            html.Append("<figure id=\"").Append(Encode(chart.Name)).Append("\">").Append(Inline(chart.Svg)).Append("</figure>\n");
        }

        html.Append("</div>\n");
        if (importance.Count > 0)
        {
            html.Append("<h2>Input importance</h2>\n<p>Drop of the headline measure when the column's values are shuffled (mean ± standard deviation).</p>\n<table><tr><th>column</th><th>drop</th><th>±</th></tr>\n");
            foreach (var item in importance)
            {
                html.Append("<tr><td>").Append(Encode(item.Column)).Append("</td><td class=\"n\">").Append(item.Drop.ToString("0.####", CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"n\">").Append(item.Std.ToString("0.####", CultureInfo.InvariantCulture)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }

        html.Append("<h2>Model</h2>\n<table><tr><th>parameter</th><th>value</th></tr>\n");
        foreach (var (name, value) in card.Parameters)
        {
            html.Append("<tr><td>").Append(Encode(name)).Append("</td><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<p>Inputs: ").Append(Encode(string.Join(", ", card.Inputs.Select(i => $"{i.Name} ({i.Type})")))).Append("</p>\n</body></html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    /// <summary>An SVG document as an inline element (without its XML declaration).</summary>
    private static string Inline(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start < 0 ? svg : svg[start..];
    }
}
