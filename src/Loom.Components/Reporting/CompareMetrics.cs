using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Loom.Components.Evaluation;
using Loom.Components.Tables;
using Loom.Components.Tuning;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Reporting;

/// <summary>Puts several metrics artifacts side by side.</summary>
[Component("evaluate.compare", "1.0.0", Example = "compare: { component: evaluate.compare@1, inputs: { first: gbm_eval.metrics, second: linear_eval.metrics }, params: { names: [lightgbm, logistic] } }", Category = "evaluate", Description = "Puts two to four metrics artifacts side by side (models of one task measured on the same rows): one row per metric, one column per model, the best value of each metric marked; as a table and an HTML page.")]
[Input("first", ArtifactKind.Metrics, Description = "The first model's metrics.")]
[Input("second", ArtifactKind.Metrics, Description = "The second model's metrics.")]
[Input("third", ArtifactKind.Metrics, Optional = true, Description = "A third model's metrics.")]
[Input("fourth", ArtifactKind.Metrics, Optional = true, Description = "A fourth model's metrics.")]
[Output("table", ArtifactKind.Table, Description = "metric, then one column per model, then best (the winning model's name).")]
[Output("report", ArtifactKind.Report, Description = "The comparison as an HTML table.")]
internal sealed class CompareMetrics : IComponent
{
    private static readonly string[] Ports = ["first", "second", "third", "fourth"];

    [Parameter("names", Description = "Names of the models in port order; by default first, second, ...")]
    public string[] Names { get; set; } = [];

    public async Task ExecuteAsync(IComponentContext context)
    {
        var bound = Ports.Where(context.HasInput).ToList();
        if (Names.Length > 0 && Names.Length != bound.Count)
        {
            throw new DataException($"step '{context.StepName}', 'names': {Names.Length} name(s) for {bound.Count} bound metrics artifacts");
        }

        var names = Names.Length > 0 ? Names : [.. bound];
        if (names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1 || g.Key is "metric" or "best") is { } clash)
        {
            throw new DataException($"step '{context.StepName}', 'names': '{clash.Key}' is used twice or is a column name of the comparison (metric, best); give each model its own name");
        }
        var documents = new List<(string Task, Dictionary<string, double> Metrics)>();
        foreach (var port in bound)
        {
            await using var file = File.OpenRead(context.GetInput(port).Path);
            using var json = await JsonDocument.ParseAsync(file, cancellationToken: context.CancellationToken).ConfigureAwait(false);
            documents.Add((json.RootElement.GetProperty("task").GetString() ?? "", MetricsJson.Metrics(json.RootElement)));
        }

        var tasks = documents.Select(d => d.Task).Distinct().ToList();
        if (tasks.Count > 1)
        {
            throw new DataException($"step '{context.StepName}': the metrics are of different tasks ({string.Join(", ", tasks)}); compare models of one task");
        }

        var metrics = documents.SelectMany(d => d.Metrics.Keys).Distinct().ToList();
        var best = metrics.ToDictionary(m => m, m =>
        {
            var values = documents.Select((d, i) => (Value: d.Metrics.GetValueOrDefault(m, double.NaN), i)).Where(v => !double.IsNaN(v.Value)).ToList();
            return values.Count == 0 ? "" : names[(Trial.HigherIsBetter(m) ? values.MaxBy(v => v.Value) : values.MinBy(v => v.Value)).i];
        });
        var table = new DataFrame(new StringDataFrameColumn("metric", metrics));
        for (var i = 0; i < documents.Count; i++)
        {
            var metricsOfModel = documents[i].Metrics;
            table.Columns.Add(new DoubleDataFrameColumn(names[i], metrics.Select(m => metricsOfModel.GetValueOrDefault(m, double.NaN))));
        }

        table.Columns.Add(new StringDataFrameColumn("best", metrics.Select(m => best[m])));
        await TableIO.WriteAsync(context, "table", table).ConfigureAwait(false);
        var html = Html(tasks.Single(), names, metrics, documents.Select(d => d.Metrics).ToList(), best);
        await context.WriteOutputAsync("report", (stream, cancellationToken) => stream.WriteAsync(Encoding.UTF8.GetBytes(html), cancellationToken).AsTask()).ConfigureAwait(false);
    }

    private static string Html(string task, IReadOnlyList<string> names, List<string> metrics, List<Dictionary<string, double>> values, Dictionary<string, string> best)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>model comparison</title><style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}td.n{text-align:right}.best{font-weight:bold;background:#e8f5e9}</style></head><body>\n");
        html.Append("<h1>").Append(WebUtility.HtmlEncode($"{task} models compared")).Append("</h1>\n<table><tr><th>metric</th>");
        foreach (var name in names)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(name)).Append("</th>");
        }

        html.Append("</tr>\n");
        foreach (var metric in metrics)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(metric)).Append("</td>");
            for (var i = 0; i < names.Count; i++)
            {
                var cell = values[i].TryGetValue(metric, out var v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
                html.Append(best[metric] == names[i] ? "<td class=\"n best\">" : "<td class=\"n\">").Append(cell).Append("</td>");
            }

            html.Append("</tr>\n");
        }

        return html.Append("</table>\n</body></html>\n").ToString();
    }
}
