using System.Globalization;

namespace Loom.Scale;

/// <summary>Judges runs repeated over a duration: whether what the process keeps grows from the first runs to the last.</summary>
internal static class StabilityJudge
{
    /// <summary>Runs left out of the comparison while caches and compiled code settle.</summary>
    public const int WarmUp = 2;

    /// <summary>The most the managed heap kept after a full collection may grow before the process is judged to leak.</summary>
    public const double MaxManagedGrowthPercent = 20;

    /// <summary>The most open handles may grow.</summary>
    public const int MaxHandleGrowth = 10;

    public static StabilityResult Judge(double multiplier, double seconds, IReadOnlyList<StabilitySample> samples)
    {
        var failed = samples.Count(s => s.Status != "succeeded");
        var settled = samples.Skip(WarmUp).ToList();
        if (settled.Count < 3)
        {
            var few = $"{samples.Count} run(s) in {seconds:0} s: too few after {WarmUp} warm-up runs to see a trend (give a longer --duration)";
            return new StabilityResult(multiplier, seconds, failed, samples, null, null, null, failed > 0 ? $"{failed} run(s) failed; {few}" : few, failed == 0);
        }

        var third = Math.Max(1, settled.Count / 3);
        double Growth(Func<StabilitySample, double> value)
        {
            var first = settled.Take(third).Average(value);
            var last = settled.TakeLast(third).Average(value);
            return first <= 0 ? 0 : (last - first) / first * 100;
        }

        var managed = Growth(s => s.ManagedBytes);
        var resident = Growth(s => s.ResidentBytes);
        var handles = settled[^1].Handles - settled[0].Handles;
        var problems = new List<string>();
        if (failed > 0)
        {
            problems.Add($"{failed} of {samples.Count} runs failed");
        }

        if (managed > MaxManagedGrowthPercent)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"the managed heap kept after each run grew {managed:0}% (more than {MaxManagedGrowthPercent:0}%)"));
        }

        if (handles > MaxHandleGrowth)
        {
            problems.Add($"open handles grew by {handles} (more than {MaxHandleGrowth})");
        }

        var verdict = problems.Count == 0
            ? string.Create(CultureInfo.InvariantCulture, $"stable over {samples.Count} runs: managed heap {managed:+0;-0;0}%, resident memory {resident:+0;-0;0}%, handles {handles:+0;-0;0}")
            : string.Join("; ", problems);
        return new StabilityResult(multiplier, seconds, failed, samples, managed, resident, handles, verdict, problems.Count == 0);
    }
}
