using System.Globalization;
using System.Net;
using System.Text;

namespace Loom.Scale;

/// <summary>The scale report as one self-contained HTML page: verdict, SLA, growth, charts (inline SVG), accuracy, stability and every run's steps.</summary>
public static class ScaleReportHtml
{
    /// <summary>The page.</summary>
    public static string Render(ScaleReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"{report.Pipeline} — scale test {report.Id}")).Append("</title>\n<style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:80rem}table{border-collapse:collapse;margin:1rem 0}")
            .Append("td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
            .Append(".pass{color:#17692f}.fail{color:#b3261e;font-weight:600}.charts{display:flex;flex-wrap:wrap;gap:1rem}.charts figure{margin:0}</style></head><body>\n");
        html.Append("<h1>").Append(E($"Scale test of {report.Pipeline}")).Append("</h1>\n<p>")
            .Append(E($"{report.Id}, {report.StartedAt:yyyy-MM-dd HH:mm} to {report.FinishedAt:HH:mm} UTC on {report.Machine}; pipeline version {report.PipelineVersion[..12]}.")).Append("</p>\n");
        html.Append("<p id=\"verdict\" class=\"").Append(report.Passed ? "pass\">Passed" : "fail\">Failed").Append("</p>\n");
        if (report.Problems.Count > 0)
        {
            html.Append("<ul id=\"problems\">");
            foreach (var problem in report.Problems)
            {
                html.Append("<li class=\"fail\">").Append(E(problem)).Append("</li>");
            }

            html.Append("</ul>\n");
        }

        Sla(html, report.Sla);
        Scales(html, report);
        Growth(html, report);
        html.Append("<h2>Charts</h2>\n<div class=\"charts\">\n");
        Figure(html, "step-times", ScaleCharts.StepTimes(report));
        Figure(html, "step-memory", ScaleCharts.StepMemory(report));
        Figure(html, "run-memory", ScaleCharts.RunMemory(report));
        if (report.Stability is { } stability)
        {
            Figure(html, "stability", ScaleCharts.Stability(stability));
        }

        html.Append("</div>\n");
        Accuracy(html, report.Accuracy);
        Stability(html, report.Stability);
        Steps(html, report);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Sla(StringBuilder html, SlaResult? sla)
    {
        if (sla is null)
        {
            return;
        }

        html.Append("<h2>SLA at x").Append(N(sla.At)).Append("</h2>\n<table id=\"sla\"><tr><th>target</th><th>limit</th><th>measured</th><th></th></tr>\n");
        foreach (var check in sla.Checks)
        {
            html.Append("<tr><td>").Append(E(check.Target)).Append("</td><td class=\"n\">").Append(E(check.Limit)).Append("</td><td class=\"n\">").Append(E(check.Measured))
                .Append("</td><td class=\"").Append(check.Passed ? "pass\">met" : "fail\">not met").Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Scales(StringBuilder html, ScaleReport report)
    {
        html.Append("<h2>Runs</h2>\n<table id=\"scales\"><tr><th>data</th><th>run</th><th>status</th><th>rows</th><th>time</th><th>rows/s</th><th>peak memory</th></tr>\n");
        foreach (var s in report.Scales)
        {
            html.Append("<tr><td>x").Append(N(s.Multiplier)).Append("</td><td>").Append(E(s.RunId)).Append("</td><td>").Append(E(s.Status))
                .Append("</td><td class=\"n\">").Append(s.DataRows.ToString("#,0", CultureInfo.InvariantCulture))
                .Append("</td><td class=\"n\">").Append(SlaJudge.Seconds(s.WallSeconds)).Append("</td><td class=\"n\">").Append(SlaJudge.Number(s.RowsPerSecond))
                .Append("</td><td class=\"n\">").Append(SlaJudge.Bytes(s.PeakResidentBytes)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Growth(StringBuilder html, ScaleReport report)
    {
        html.Append("<h2>Growth</h2>\n<p>How each step's time and peak managed memory grow with its rows: k of time ∝ rows<sup>k</sup>, fitted on the log-log points of the steps that took at least ")
            .Append(N(GrowthAnalysis.ShortestSeconds)).Append(" s; a cliff is time per row growing ").Append(N(GrowthAnalysis.CliffRatio)).Append("× or more from one scale to the next.</p>\n")
            .Append("<table id=\"growth\"><tr><th>step</th><th>time</th><th>k</th><th>memory k</th><th>cliff</th></tr>\n");
        foreach (var g in report.Growth)
        {
            html.Append("<tr><td>").Append(E(g.Step)).Append("</td><td>").Append(E(g.Shape)).Append("</td><td class=\"n\">").Append(g.TimeExponent is { } k ? N(k) : "")
                .Append("</td><td class=\"n\">").Append(g.MemoryExponent is { } m ? N(m) : "").Append("</td><td").Append(g.Cliff is null ? ">" : " class=\"fail\">").Append(E(g.Cliff ?? ""))
                .Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Accuracy(StringBuilder html, AccuracyComparison? accuracy)
    {
        html.Append("<h2>Accuracy at scale</h2>\n");
        if (accuracy is null)
        {
            html.Append("<p>Not measured: the pipeline evaluates no model it trains on a table, or the test was asked to skip it.</p>\n");
            return;
        }

        html.Append("<p>").Append(E($"The model trained on {(accuracy.SampleFraction * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of its training rows (run {accuracy.SampleRunId}) and the one trained on all of them (run {accuracy.FullRunId}), both measured by step '{accuracy.Evaluation}' on the same held-out rows. The gate: {accuracy.Metric} of the full model no worse than the sample's by more than {N(accuracy.Tolerance)}."))
            .Append(" <span class=\"").Append(accuracy.Passed ? "pass\">held" : "fail\">failed").Append("</span></p>\n<table id=\"accuracy\"><tr><th>metric</th><th>sample</th><th>full</th></tr>\n");
        foreach (var (name, pair) in accuracy.Metrics)
        {
            html.Append("<tr><td>").Append(E(name)).Append("</td><td class=\"n\">").Append(N(pair.Sample)).Append("</td><td class=\"n\">").Append(N(pair.Full)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (accuracy.Shift is { } shift)
        {
            html.Append("<p id=\"shift\">").Append(E($"Predictions of the two models on the {shift.Rows} held-out rows ({shift.Column}):"
                + (shift.Psi is { } psi ? $" PSI {N(psi)}," : "") + (shift.Ks is { } ks ? $" largest gap between their distributions {N(ks)}," : "")
                + (shift.Disagreement is { } d ? $" predicted labels differ on {(d * 100).ToString("0.#", CultureInfo.InvariantCulture)}% of the rows." : ""))).Append("</p>\n");
        }
    }

    private static void Stability(StringBuilder html, StabilityResult? stability)
    {
        if (stability is null)
        {
            return;
        }

        html.Append("<h2>Stability</h2>\n<p id=\"stability\" class=\"").Append(stability.Stable ? "pass" : "fail").Append("\">")
            .Append(E($"{stability.Samples.Count} runs at x{N(stability.Multiplier)} in {stability.Seconds:0} s: {stability.Verdict}.")).Append("</p>\n")
            .Append("<table><tr><th>run</th><th>after</th><th>status</th><th>resident</th><th>managed</th><th>handles</th><th>threads</th></tr>\n");
        foreach (var s in stability.Samples)
        {
            html.Append("<tr><td class=\"n\">").Append(s.Run).Append("</td><td class=\"n\">").Append(SlaJudge.Seconds(s.ElapsedSeconds)).Append("</td><td>").Append(E(s.Status))
                .Append("</td><td class=\"n\">").Append(SlaJudge.Bytes(s.ResidentBytes)).Append("</td><td class=\"n\">").Append(SlaJudge.Bytes(s.ManagedBytes))
                .Append("</td><td class=\"n\">").Append(s.Handles).Append("</td><td class=\"n\">").Append(s.Threads).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void Steps(StringBuilder html, ScaleReport report)
    {
        html.Append("<h2>Steps</h2>\n");
        foreach (var s in report.Scales)
        {
            html.Append("<h3>x").Append(N(s.Multiplier)).Append("</h3>\n<table><tr><th>step</th><th>component</th><th>rows</th><th>time</th><th>rows/s</th><th>peak resident</th><th>peak managed</th></tr>\n");
            foreach (var m in s.Steps)
            {
                html.Append("<tr><td>").Append(E(m.Step)).Append("</td><td>").Append(E(m.Component)).Append("</td><td class=\"n\">").Append(m.Rows.ToString("#,0", CultureInfo.InvariantCulture))
                    .Append("</td><td class=\"n\">").Append(SlaJudge.Seconds(m.WallSeconds)).Append("</td><td class=\"n\">").Append(SlaJudge.Number(m.RowsPerSecond))
                    .Append("</td><td class=\"n\">").Append(SlaJudge.Bytes(m.PeakResidentBytes)).Append("</td><td class=\"n\">").Append(SlaJudge.Bytes(m.PeakManagedBytes)).Append("</td></tr>\n");
            }

            html.Append("</table>\n");
        }
    }

    private static void Figure(StringBuilder html, string id, string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        html.Append("<figure id=\"").Append(id).Append("\">").Append(start < 0 ? svg : svg[start..]).Append("</figure>\n");
    }

    private static string N(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
