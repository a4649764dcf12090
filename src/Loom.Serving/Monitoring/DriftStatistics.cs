using MathNet.Numerics.Distributions;

namespace Loom.Serving.Monitoring;

/// <summary>
/// The numbers drift is judged by: population stability index (PSI) over bins, the two-sample Kolmogorov–Smirnov
/// statistic with its asymptotic p-value, and Pearson's chi-square test of category counts against baseline shares.
/// </summary>
public static class DriftStatistics
{
    /// <summary>Shares below this count as this, so an empty bin does not make PSI infinite.</summary>
    private const double Floor = 1e-4;

    /// <summary>Cut points splitting sorted values into at most <paramref name="bins"/> bins of equal count (repeated values merge bins).</summary>
    public static double[] QuantileEdges(IReadOnlyList<double> sorted, int bins)
    {
        if (sorted.Count == 0)
        {
            return [];
        }

        var edges = new SortedSet<double>();
        for (var i = 1; i < bins; i++)
        {
            edges.Add(sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(i * (double)sorted.Count / bins))]);
        }

        edges.Remove(sorted[0]);
        return [.. edges];
    }

    /// <summary>The share of values in each bin: below the first edge, between edges (an edge belongs to the bin above it), above the last.</summary>
    public static double[] BinShares(IEnumerable<double> values, IReadOnlyList<double> edges)
    {
        var counts = new double[edges.Count + 1];
        var total = 0;
        foreach (var value in values)
        {
            counts[Bin(value, edges)]++;
            total++;
        }

        return total == 0 ? counts : [.. counts.Select(c => c / total)];
    }

    /// <summary>The bin a value falls in, given the cut points.</summary>
    public static int Bin(double value, IReadOnlyList<double> edges)
    {
        var low = 0;
        var high = edges.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (value < edges[middle])
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    /// <summary>Σ (actual − expected) · ln(actual / expected) over bins; under 0.1 is little change, over 0.2 a shift worth a look.</summary>
    public static double Psi(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        var psi = 0.0;
        for (var i = 0; i < expected.Count; i++)
        {
            var e = Math.Max(expected[i], Floor);
            var a = Math.Max(actual[i], Floor);
            psi += (a - e) * Math.Log(a / e);
        }

        return psi;
    }

    /// <summary>The largest distance between the two samples' empirical distribution functions, and the chance of one that large if both come from one distribution.</summary>
    public static (double Statistic, double PValue) KolmogorovSmirnov(IReadOnlyList<double> sortedA, IReadOnlyList<double> sortedB)
    {
        if (sortedA.Count == 0 || sortedB.Count == 0)
        {
            return (0, 1);
        }

        int i = 0, j = 0;
        double d = 0;
        while (i < sortedA.Count && j < sortedB.Count)
        {
            var value = Math.Min(sortedA[i], sortedB[j]);
            while (i < sortedA.Count && sortedA[i] <= value)
            {
                i++;
            }

            while (j < sortedB.Count && sortedB[j] <= value)
            {
                j++;
            }

            d = Math.Max(d, Math.Abs(((double)i / sortedA.Count) - ((double)j / sortedB.Count)));
        }

        var n = Math.Sqrt((double)sortedA.Count * sortedB.Count / (sortedA.Count + sortedB.Count));
        return (d, KolmogorovTail((n + 0.12 + (0.11 / n)) * d));
    }

    /// <summary>Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²): the Kolmogorov distribution's upper tail.</summary>
    private static double KolmogorovTail(double lambda)
    {
        if (lambda < 1e-3)
        {
            return 1;
        }

        var sum = 0.0;
        for (var k = 1; k <= 100; k++)
        {
            var term = Math.Exp(-2 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-12)
            {
                break;
            }
        }

        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>Pearson's chi-square of observed counts against expected shares, and its p-value; categories expected less than 5 times are pooled.</summary>
    public static (double Statistic, double PValue) ChiSquare(IReadOnlyList<double> expectedShares, IReadOnlyList<double> observedCounts)
    {
        var total = observedCounts.Sum();
        if (total == 0)
        {
            return (0, 1);
        }

        var pooled = (Expected: 0.0, Observed: 0.0);
        var cells = new List<(double Expected, double Observed)>();
        for (var i = 0; i < expectedShares.Count; i++)
        {
            var expected = Math.Max(expectedShares[i], Floor) * total;
            if (expected < 5)
            {
                pooled = (pooled.Expected + expected, pooled.Observed + observedCounts[i]);
            }
            else
            {
                cells.Add((expected, observedCounts[i]));
            }
        }

        if (pooled.Expected > 0)
        {
            cells.Add(pooled);
        }

        if (cells.Count < 2)
        {
            return (0, 1);
        }

        var statistic = cells.Sum(c => (c.Observed - c.Expected) * (c.Observed - c.Expected) / c.Expected);
        return (statistic, 1 - ChiSquared.CDF(cells.Count - 1, statistic));
    }
}
