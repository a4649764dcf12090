using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Loom.Components.Evaluation;
using Loom.Components.Tables;
using Loom.Components.Tuning;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Reporting;

/// <summary>Evaluates a model with charts and input importance, as an HTML report.</summary>
[Component("evaluate.report", "1.0.0", Example = "report: { component: evaluate.report@1, inputs: { model: train.model, table: split.test }, params: { repeats: 3 } }", Category = "evaluate", Description = "Evaluates a binary, multiclass or regression model on labelled rows and explains it: the task's metrics; ROC, precision-recall, calibration and cumulative gain curves (binary), the confusion matrix (classifiers), residuals and predicted-against-actual (regression); and permutation importance of each raw input column. Writes a self-contained HTML report, the curves as a table for other tools, the importance as a table, and the charts as PNG files in a zip.")]
[Input("model", ArtifactKind.Model, Description = "A binary, multiclass or regression model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the label column (the test rows).")]
[Output("report", ArtifactKind.Report, Description = "The HTML report (charts inline as SVG).")]
[Output("curves", ArtifactKind.Table, Description = "Every curve's points: curve, x, y.")]
[Output("importance", ArtifactKind.Table, Description = "Each raw input column's importance: column, drop, std.")]
[Output("charts", ArtifactKind.File, Description = "The charts as PNG files, in a zip.", Extension = "zip")]
internal sealed class EvaluateReport : IComponent
{
    [Parameter("label", Description = "Label column; by default the one the model was trained on.")]
    public string? Label { get; set; }

    [Parameter("importance", Description = "Whether to compute permutation importance (scores the rows again once per input column and repeat).")]
    public bool Importance { get; set; } = true;

    [Parameter("repeats", Min = 1, Max = 20, Description = "Shuffles per column for permutation importance.")]
    public int Repeats { get; set; } = 3;

    [Parameter("importance_rows", Min = 10, Max = 10000000, Description = "Most rows used for permutation importance (a seeded sample beyond that), to bound its cost.")]
    public int ImportanceRows { get; set; } = 5000;

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var probe = Evaluation.EvaluationInput.ReadTask(ml, context);
        if (probe is not ("binary" or "multiclass" or "regression"))
        {
            throw new DataException($"step '{context.StepName}': the model is a {probe} model; evaluate.report explains binary, multiclass and regression models");
        }

        var (model, data) = await EvaluationInput.LoadAsync(ml, context, probe, Label).ConfigureAwait(false);
        using var document = await Trial.EvaluateDocumentAsync(context, "metrics", context.GetInput("model").Path, probe, context.GetInput("table").Path, Label).ConfigureAwait(false);
        var metrics = MetricsJson.Metrics(document.RootElement);
        var outcomes = Outcomes.Of(model.Model, data.Table, probe);
        var curves = new List<Curve>();
        var charts = new List<Chart>();
        if (probe == "binary")
        {
            curves.AddRange([Curves.Roc(outcomes.Truth, outcomes.Predicted), Curves.PrecisionRecall(outcomes.Truth, outcomes.Predicted), Curves.Calibration(outcomes.Truth, outcomes.Predicted), Curves.Gain(outcomes.Truth, outcomes.Predicted)]);
            charts.Add(Charts.Line(curves[0], $"ROC (AUC {curves[0].Area:F3})", diagonal: true));
            charts.Add(Charts.Line(curves[1], $"precision-recall (AP {curves[1].Area:F3})", diagonal: false));
            charts.Add(Charts.Line(curves[2], "calibration", diagonal: true));
            charts.Add(Charts.Line(curves[3], "cumulative gain", diagonal: true));
        }
        else if (probe == "regression")
        {
            curves.AddRange([Curves.Residuals(outcomes.Truth, outcomes.Predicted), Curves.PredictedActual(outcomes.Truth, outcomes.Predicted)]);
            charts.Add(Charts.Points(curves[0], "residuals", zeroLine: true));
            charts.Add(Charts.Points(curves[1], "actual against predicted", zeroLine: false));
        }

        if (document.RootElement.TryGetProperty("confusion_matrix", out var matrix))
        {
            var classes = matrix.GetProperty("classes").EnumerateArray().Select(c => c.GetString()!).ToList();
            var counts = matrix.GetProperty("counts").EnumerateArray().Select(r => (IReadOnlyList<double>)r.EnumerateArray().Select(c => c.GetDouble()).ToList()).ToList();
            charts.Add(Charts.Matrix("confusion_matrix", classes, counts));
        }

        var importance = new List<Importance>();
        if (Importance)
        {
            context.ReportProgress(0.5, "permutation importance");
            var sample = data.Table.Rows.Count <= ImportanceRows ? data.Table : Sample(data.Table, context);
            importance = PermutationImportance.Of(model.Model, sample, probe, model.Card.Inputs, Repeats, context.Seed, context.CancellationToken);
            charts.Add(Charts.Bars("importance", $"drop of {outcomes.HeadlineName} when shuffled", [.. importance.Select(i => i.Column).Reverse()], [.. importance.Select(i => i.Drop).Reverse()], outcomes.HeadlineName));
            context.Logger.LogInformation("most important inputs: {Inputs}", string.Join(", ", importance.Take(5).Select(i => $"{i.Column} {i.Drop:F4}")));
        }

        var html = HtmlReport.Render(model.Card, data.Table.Rows.Count, metrics, charts, importance);
        await context.WriteOutputAsync("report", (stream, cancellationToken) => stream.WriteAsync(Encoding.UTF8.GetBytes(html), cancellationToken).AsTask()).ConfigureAwait(false);
        await TableIO.WriteAsync(context, "curves", CurveTable(curves)).ConfigureAwait(false);
        await TableIO.WriteAsync(context, "importance", new DataFrame(
            new StringDataFrameColumn("column", importance.Select(i => i.Column)),
            new DoubleDataFrameColumn("drop", importance.Select(i => i.Drop)),
            new DoubleDataFrameColumn("std", importance.Select(i => i.Std)))).ConfigureAwait(false);
        await context.WriteOutputAsync("charts", (stream, _) =>
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var chart in charts)
            {
                var entry = zip.CreateEntry(chart.Name + ".png", CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var png = entry.Open();
                png.Write(chart.Png);
            }

            return Task.CompletedTask;
        }).ConfigureAwait(false);
    }

    private DataFrame Sample(DataFrame table, IComponentContext context)
    {
        var rows = Enumerable.Range(0, (int)table.Rows.Count).ToArray();
        new Random(context.Seed).Shuffle(rows);
        return table.Filter(new Int64DataFrameColumn("rows", rows.Take(ImportanceRows).Order().Select(r => (long)r)));
    }

    private static DataFrame CurveTable(List<Curve> curves) => new(
        new StringDataFrameColumn("curve", curves.SelectMany(c => c.X.Select(_ => c.Name))),
        new DoubleDataFrameColumn("x", curves.SelectMany(c => c.X)),
        new DoubleDataFrameColumn("y", curves.SelectMany(c => c.Y)));
}
