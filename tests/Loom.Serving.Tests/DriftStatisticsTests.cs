using Loom.Serving.Monitoring;

namespace Loom.Serving.Tests;

/// <summary>The drift numbers against values worked out by hand (and by the formulas' textbook examples).</summary>
public sealed class DriftStatisticsTests
{
    [Fact]
    public void Psi_is_zero_for_the_same_shares_and_grows_with_the_shift()
    {
        Assert.Equal(0, DriftStatistics.Psi([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]), 12);
        // 0.4 ln(0.9/0.5) + (−0.4) ln(0.1/0.5)
        Assert.Equal((0.4 * Math.Log(1.8)) - (0.4 * Math.Log(0.2)), DriftStatistics.Psi([0.5, 0.5], [0.9, 0.1]), 12);
        Assert.True(double.IsFinite(DriftStatistics.Psi([0.5, 0.5, 0], [0.4, 0.4, 0.2])), "an empty baseline bin does not make PSI infinite");
    }

    [Fact]
    public void Quantile_edges_split_values_into_bins_of_equal_count()
    {
        var values = Enumerable.Range(1, 100).Select(v => (double)v).ToList();
        var edges = DriftStatistics.QuantileEdges(values, 10);
        Assert.Equal([11, 21, 31, 41, 51, 61, 71, 81, 91], edges);
        Assert.All(DriftStatistics.BinShares(values, edges), share => Assert.Equal(0.1, share, 12));
        Assert.Equal([1.0], DriftStatistics.BinShares([5, 5, 5], DriftStatistics.QuantileEdges([5, 5, 5], 10)));
    }

    [Fact]
    public void Kolmogorov_smirnov_finds_no_difference_in_one_sample_and_a_clear_one_in_shifted_samples()
    {
        var a = Enumerable.Range(1, 100).Select(v => (double)v).ToList();
        Assert.Equal((0.0, 1.0), DriftStatistics.KolmogorovSmirnov(a, a));
        var (d, p) = DriftStatistics.KolmogorovSmirnov(a, [.. a.Select(v => v + 50)]);
        Assert.Equal(0.5, d, 12);
        Assert.InRange(p, 0, 1e-9);
        var (dSmall, pSmall) = DriftStatistics.KolmogorovSmirnov(a, [.. a.Select(v => v + 0.5)]);
        Assert.Equal(0.01, dSmall, 12);
        Assert.InRange(pSmall, 0.99, 1);
    }

    [Fact]
    public void Chi_square_of_60_and_40_against_half_and_half_is_4_with_p_0_0455()
    {
        var (statistic, p) = DriftStatistics.ChiSquare([0.5, 0.5], [60, 40]);
        Assert.Equal(4, statistic, 9);
        Assert.Equal(0.0455, p, 4);
        Assert.Equal((0.0, 1.0), DriftStatistics.ChiSquare([0.5, 0.5], [0, 0]));
    }
}
