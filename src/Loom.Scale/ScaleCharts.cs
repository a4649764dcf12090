using ScottPlot;

namespace Loom.Scale;

/// <summary>The scale report's charts, drawn with ScottPlot as SVG: time and memory against rows on log-log axes, and memory over a stability test.</summary>
internal static class ScaleCharts
{
    private const int Width = 620;
    private const int Height = 420;

    /// <summary>At most this many steps get a line of their own (the slowest at the largest scale).</summary>
    private const int MostLines = 8;

    public static string StepTimes(ScaleReport report) =>
        LogLog(report, "time per step against its rows", "seconds", m => m.WallSeconds);

    public static string StepMemory(ScaleReport report) =>
        LogLog(report, "peak managed memory per step against its rows", "MB", m => m.PeakManagedBytes / (double)(1 << 20));

    public static string RunMemory(ScaleReport report)
    {
        var plot = Start("the run's peak resident memory against its data rows", "data rows", "MB");
        var points = report.Scales.Where(s => s.DataRows > 0 && s.PeakResidentBytes > 0).ToList();
        var xs = points.Select(p => Math.Log10(p.DataRows)).ToArray();
        var ys = points.Select(p => Math.Log10(p.PeakResidentBytes / (double)(1 << 20))).ToArray();
        var line = plot.Add.ScatterLine(xs, ys);
        line.LineWidth = 2;
        line.MarkerSize = 7;
        LogAxes(plot, xs, ys);
        return plot.GetSvgXml(Width, Height);
    }

    public static string Stability(StabilityResult stability)
    {
        var plot = Start("memory kept after each run of the stability test", "run", "MB");
        var runs = stability.Samples.Select(s => (double)s.Run).ToArray();
        var resident = plot.Add.ScatterLine(runs, stability.Samples.Select(s => s.ResidentBytes / (double)(1 << 20)).ToArray());
        resident.LegendText = "resident";
        var managed = plot.Add.ScatterLine(runs, stability.Samples.Select(s => s.ManagedBytes / (double)(1 << 20)).ToArray());
        managed.LegendText = "managed heap after a full collection";
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetSvgXml(Width, Height);
    }

    private static string LogLog(ScaleReport report, string title, string unit, Func<StepMeasure, double> value)
    {
        var plot = Start(title, "rows", unit);
        var largest = report.Scales[^1];
        var steps = largest.Steps.OrderByDescending(value).Take(MostLines).Select(s => s.Step).ToList();
        var (xs, ys) = (new List<double>(), new List<double>());
        foreach (var step in steps)
        {
            var points = report.Scales
                .Select(s => s.Steps.FirstOrDefault(m => m.Step == step))
                .Where(m => m is { Rows: > 0 } && value(m) > 0)
                .Select(m => (X: Math.Log10(m!.Rows), Y: Math.Log10(value(m))))
                .ToList();
            if (points.Count == 0)
            {
                continue;
            }

            xs.AddRange(points.Select(p => p.X));
            ys.AddRange(points.Select(p => p.Y));
            var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = step;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }

        LogAxes(plot, xs, ys);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetSvgXml(Width, Height);
    }

    /// <summary>Both axes hold log10 of the values: ticks at 1, 2 and 5 times the powers of ten, labelled with the values.</summary>
    private static void LogAxes(Plot plot, IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(LogTicks(xs));
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(LogTicks(ys));
    }

    private static Tick[] LogTicks(IReadOnlyList<double> logs)
    {
        if (logs.Count == 0)
        {
            return [];
        }

        var (low, high) = (Math.Floor(logs.Min()), Math.Ceiling(logs.Max()));
        var steps = high - low > 3 ? new[] { 1.0 } : [1.0, 2, 5];
        return Enumerable.Range((int)low, (int)(high - low) + 1)
            .SelectMany(power => steps.Select(step => step * Math.Pow(10, power)))
            .Where(value => Math.Log10(value) >= logs.Min() - 0.15 && Math.Log10(value) <= logs.Max() + 0.15)
            .Select(value => new Tick(Math.Log10(value), value.ToString(value >= 1000 ? "#,0" : "0.###", System.Globalization.CultureInfo.InvariantCulture)))
            .ToArray();
    }

    private static Plot Start(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }
}
