using System.Globalization;

namespace Loom.Scale;

/// <summary>How each step's time and memory grow with its rows: the slope of a least-squares line through the log-log points.</summary>
internal static class GrowthAnalysis
{
    /// <summary>Steps shorter than this are timed too coarsely to fit a growth to.</summary>
    public const double ShortestSeconds = 0.05;

    /// <summary>Time per row growing by this factor from one scale to the next is a cliff.</summary>
    public const double CliffRatio = 3;

    public static IReadOnlyList<StepGrowth> Of(IReadOnlyList<ScalePoint> scales)
    {
        // In the order the largest run ran them (it has every step a smaller one has, and the scaling steps).
        var names = scales.Reverse().SelectMany(s => s.Steps.Select(m => m.Step)).Distinct(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var points = scales
                .Select(s => (s.Multiplier, Measure: s.Steps.FirstOrDefault(m => m.Step == name)))
                .Where(p => p.Measure is { Rows: > 0 })
                .Select(p => (p.Multiplier, Measure: p.Measure!))
                .OrderBy(p => p.Measure.Rows)
                .ToList();
            var timed = points.Where(p => p.Measure.WallSeconds >= ShortestSeconds).ToList();
            var time = Slope(timed.Select(p => ((double)p.Measure.Rows, p.Measure.WallSeconds)).ToList());
            var memory = Slope(points.Where(p => p.Measure.PeakManagedBytes > 0).Select(p => ((double)p.Measure.Rows, (double)p.Measure.PeakManagedBytes)).ToList());
            return new StepGrowth(name, time, Shape(time, points.Select(p => p.Measure.Rows).Distinct().Count(), points.Count), memory, Cliff(timed));
        }).ToList();
    }

    /// <summary>The growth in words.</summary>
    public static string Shape(double? exponent, int sizes, int points) => exponent switch
    {
        null when points < 2 => "one size only",
        null when sizes < 2 => "the same rows at every scale",
        null => "too fast to tell",
        < 0.3 => "constant",
        < 0.8 => "sublinear (fixed costs weigh)",
        < 1.25 => "linear",
        < 1.6 => "n log n or a little worse",
        { } k => "n^" + k.ToString("0.0", CultureInfo.InvariantCulture),
    };

    /// <summary>k of y ∝ x^k by least squares on logarithms; null with fewer than two distinct x.</summary>
    public static double? Slope(IReadOnlyList<(double X, double Y)> points)
    {
        var logs = points.Where(p => p.X > 0 && p.Y > 0).Select(p => (X: Math.Log(p.X), Y: Math.Log(p.Y))).ToList();
        if (logs.Select(p => p.X).Distinct().Count() < 2)
        {
            return null;
        }

        var meanX = logs.Average(p => p.X);
        var meanY = logs.Average(p => p.Y);
        return logs.Sum(p => (p.X - meanX) * (p.Y - meanY)) / logs.Sum(p => (p.X - meanX) * (p.X - meanX));
    }

    private static string? Cliff(IReadOnlyList<(double Multiplier, StepMeasure Measure)> timed)
    {
        for (var i = 1; i < timed.Count; i++)
        {
            var (before, after) = (timed[i - 1], timed[i]);
            var ratio = after.Measure.WallSeconds / after.Measure.Rows / (before.Measure.WallSeconds / before.Measure.Rows);
            if (ratio >= CliffRatio && after.Measure.WallSeconds >= 1)
            {
                return string.Create(CultureInfo.InvariantCulture, $"time per row {ratio:0.0}x from x{before.Multiplier:0.###} ({before.Measure.Rows} rows) to x{after.Multiplier:0.###} ({after.Measure.Rows} rows)");
            }
        }

        return null;
    }
}
