namespace Loom.Scale.Tests;

/// <summary>How a scale test judges what it measured: growth and stability.</summary>
public sealed class JudgementTests
{
    private static ScalePoint Point(double multiplier, params (string Step, long Rows, double Seconds)[] steps) =>
        new(multiplier, $"r{multiplier}", "succeeded", steps[0].Rows, steps.Sum(s => s.Seconds), 0, 0, [.. steps.Select(s => new StepMeasure(s.Step, "c@1.0.0", s.Rows, s.Seconds, s.Rows / s.Seconds, 0, s.Rows * 100))]);

    [Fact]
    public void Growth_tells_linear_from_quadratic_names_a_cliff_and_says_when_it_cannot_tell()
    {
        var scales = new[]
        {
            Point(1, ("read", 1000, 0.01), ("train", 1000, 0.1), ("pairs", 1000, 0.1), ("sort", 1000, 0.2)),
            Point(10, ("read", 1000, 0.01), ("train", 10_000, 1.0), ("pairs", 10_000, 10), ("sort", 10_000, 2.1)),
            Point(100, ("read", 1000, 0.01), ("train", 100_000, 10.2), ("pairs", 100_000, 1000), ("sort", 100_000, 95)),
        };
        var growth = GrowthAnalysis.Of(scales).ToDictionary(g => g.Step);
        Assert.Equal("the same rows at every scale", growth["read"].Shape);
        Assert.Equal("linear", growth["train"].Shape);
        Assert.InRange(growth["train"].TimeExponent!.Value, 0.95, 1.05);
        Assert.Null(growth["train"].Cliff);
        Assert.Equal("n^2.0", growth["pairs"].Shape);
        Assert.InRange(growth["pairs"].MemoryExponent!.Value, 0.99, 1.01);
        Assert.Equal("time per row 4.5x from x10 (10000 rows) to x100 (100000 rows)", growth["sort"].Cliff);
        Assert.Equal("too fast to tell", GrowthAnalysis.Shape(null, sizes: 3, points: 3));
    }

    [Fact]
    public void Stability_flags_a_heap_that_keeps_growing_and_handles_that_leak_but_not_warm_up()
    {
        static StabilitySample Sample(int run, long managed, int handles, string status = "succeeded") =>
            new(run, run, status, 200L << 20, managed, handles, 20);

        // Warm-up runs may grow; after them the heap is flat.
        var steady = StabilityJudge.Judge(1, 60, [Sample(1, 10L << 20, 50), Sample(2, 40L << 20, 60), .. Enumerable.Range(3, 9).Select(r => Sample(r, 40L << 20, 60))]);
        Assert.True(steady.Stable, steady.Verdict);
        Assert.StartsWith("stable over 11 runs: managed heap 0%", steady.Verdict, StringComparison.Ordinal);

        var leaking = StabilityJudge.Judge(1, 60, [.. Enumerable.Range(1, 12).Select(r => Sample(r, (40L + (r * 10)) << 20, 60 + (r * 3)))]);
        Assert.False(leaking.Stable);
        Assert.Contains("the managed heap kept after each run grew", leaking.Verdict, StringComparison.Ordinal);
        Assert.Contains("open handles grew by 27 (more than 10)", leaking.Verdict, StringComparison.Ordinal);

        var failing = StabilityJudge.Judge(1, 60, [.. Enumerable.Range(1, 6).Select(r => Sample(r, 40L << 20, 60, r == 4 ? "failed" : "succeeded"))]);
        Assert.False(failing.Stable);
        Assert.Equal("1 of 6 runs failed", failing.Verdict);

        var short_ = StabilityJudge.Judge(1, 5, [Sample(1, 40L << 20, 60), Sample(2, 40L << 20, 60)]);
        Assert.True(short_.Stable);
        Assert.Contains("too few after 2 warm-up runs to see a trend", short_.Verdict, StringComparison.Ordinal);
    }
}
