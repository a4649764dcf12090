using ScottPlot;

namespace Loom.Components.Reporting;

/// <summary>A chart drawn twice: SVG for the HTML report, PNG for anything else.</summary>
internal sealed record Chart(string Name, string Svg, byte[] Png);

/// <summary>Draws the report's charts with ScottPlot.</summary>
internal static class Charts
{
    private const int Width = 520;
    private const int Height = 400;

    public static Chart Line(Curve curve, string title, bool diagonal)
    {
        var plot = Start(title, curve.XLabel, curve.YLabel);
        if (diagonal)
        {
            var reference = plot.Add.Line(0, 0, 1, 1);
            reference.LineColor = Colors.Gray;
            reference.LinePattern = LinePattern.Dashed;
        }

        var line = plot.Add.ScatterLine(curve.X, curve.Y);
        line.LineWidth = 2;
        return Finish(curve.Name, plot);
    }

    public static Chart Points(Curve curve, string title, bool zeroLine)
    {
        var plot = Start(title, curve.XLabel, curve.YLabel);
        var points = plot.Add.ScatterPoints(curve.X, curve.Y);
        points.MarkerSize = 3;
        if (zeroLine)
        {
            plot.Add.HorizontalLine(0, color: Colors.Gray, pattern: LinePattern.Dashed);
        }

        return Finish(curve.Name, plot);
    }

    public static Chart Bars(string name, string title, IReadOnlyList<string> labels, IReadOnlyList<double> values, string valueLabel)
    {
        var plot = Start(title, "", valueLabel);
        var bars = plot.Add.Bars(values.ToArray());
        bars.Horizontal = true;
        var ticks = labels.Select((l, i) => new Tick(i, l)).ToArray();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Margins(left: 0);
        return Finish(name, plot, Math.Max(Height, 40 + (22 * labels.Count)));
    }

    public static Chart Matrix(string name, IReadOnlyList<string> classes, IReadOnlyList<IReadOnlyList<double>> counts)
    {
        var plot = Start("confusion matrix (rows: actual, columns: predicted)", "predicted", "actual");
        var size = classes.Count;
        var data = new double[size, size];
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                data[i, j] = counts[i][j]; // ScottPlot draws row 0 at the top
            }
        }

        plot.Add.Heatmap(data);
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                var text = plot.Add.Text(counts[i][j].ToString("0", System.Globalization.CultureInfo.InvariantCulture), j, size - 1 - i);
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = Colors.White;
                text.LabelFontSize = size > 10 ? 9 : 14;
            }
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(classes.Select((c, i) => new Tick(i, c)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(classes.Select((c, i) => new Tick(size - 1 - i, c)).ToArray());
        return Finish(name, plot);
    }

    private static Plot Start(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(x);
        plot.YLabel(y);
        return plot;
    }

    private static Chart Finish(string name, Plot plot, int height = Height) =>
        new(name, plot.GetSvgXml(Width, height), plot.GetImageBytes(Width, height, ImageFormat.Png));
}
