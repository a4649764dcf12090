namespace Loom.Serving.Monitoring;

/// <summary>Judges a window of traffic against a baseline, field by field: PSI, KS or chi-square, missing values, unseen categories.</summary>
internal static class HealthCheck
{
    /// <summary>A p-value counts only where the distribution moved at least this much (PSI): with thousands of rows, tests find differences too small to matter.</summary>
    private const double PsiWorthTesting = 0.1;

    public static HealthReport Judge(string model, int version, Baseline? baseline, IReadOnlyList<Observation> window, HealthThresholds thresholds)
    {
        var at = DateTimeOffset.UtcNow;
        if (baseline is null)
        {
            return new HealthReport(model, version, at, "no_baseline", window.Count, 0, [], "no training baseline was recorded when the version was registered, and its training table is not in its lineage (or no longer in the artifact store), so there is nothing to compare with");
        }

        if (window.Count < thresholds.MinRows)
        {
            return new HealthReport(model, version, at, "collecting", window.Count, baseline.Rows, [], $"{window.Count} rows scored; the window is judged from {thresholds.MinRows}");
        }

        var fields = baseline.Fields.Select((field, index) => field.Numeric ? Numeric(field, index, window, thresholds) : Categorical(field, index, window, thresholds)).ToList();
        var broken = fields.Where(f => f.Drifted.Count > 0).Select(f => $"{f.Name} ({string.Join(", ", f.Drifted)})").ToList();
        return new HealthReport(model, version, at, broken.Count > 0 ? "drift" : "ok", window.Count, baseline.Rows, fields, broken.Count > 0 ? $"drift in {string.Join("; ", broken)}" : "every field is as in training");
    }

    private static FieldHealth Numeric(FieldBaseline field, int index, IReadOnlyList<Observation> window, HealthThresholds thresholds)
    {
        var present = window.Select(o => o.Numbers[index]).Where(v => !double.IsNaN(v)).ToList();
        present.Sort();
        var missing = Distributions.Share(window.Count - present.Count, window.Count);
        var psi = present.Count == 0 ? 0 : DriftStatistics.Psi(field.Shares, DriftStatistics.BinShares(present, field.Edges));
        var (d, p) = DriftStatistics.KolmogorovSmirnov(field.Sample, present);
        return new FieldHealth(field.Name, "numeric", psi, d, p, missing, field.MissingShare, null, Rules(psi, p, missing, field.MissingShare, null, thresholds));
    }

    private static FieldHealth Categorical(FieldBaseline field, int index, IReadOnlyList<Observation> window, HealthThresholds thresholds)
    {
        var counts = Distributions.Counts(window, index, out var missingCount);
        var present = counts.Values.Sum();
        var known = new HashSet<string>(field.Categories, StringComparer.Ordinal);
        var unseen = counts.Where(c => !known.Contains(c.Key)).Sum(c => c.Value);

        // Unseen values form one more category the baseline had none of.
        var expected = field.Shares.Append(0).ToList();
        var observed = field.Categories.Select(c => (double)counts.GetValueOrDefault(c)).Append(unseen).ToList();
        var shares = observed.Select(o => present == 0 ? 0 : o / present).ToList();
        var psi = present == 0 ? 0 : DriftStatistics.Psi(expected, shares);
        var (_, p) = DriftStatistics.ChiSquare(expected, observed);
        var missing = Distributions.Share(missingCount, window.Count);
        var unseenShare = Distributions.Share(unseen, present);
        return new FieldHealth(field.Name, "categorical", psi, null, p, missing, field.MissingShare, unseenShare, Rules(psi, p, missing, field.MissingShare, unseenShare, thresholds));
    }

    private static List<string> Rules(double psi, double p, double missing, double baselineMissing, double? unseen, HealthThresholds thresholds)
    {
        var broken = new List<string>();
        if (psi > thresholds.Psi)
        {
            broken.Add($"psi {psi:0.###} > {thresholds.Psi}");
        }

        if (p < thresholds.PValue && psi >= PsiWorthTesting)
        {
            broken.Add($"p {p:0.####} < {thresholds.PValue}");
        }

        if (missing - baselineMissing > thresholds.MissingIncrease)
        {
            broken.Add($"missing {missing:0.###} vs {baselineMissing:0.###} in training");
        }

        if (unseen > thresholds.Unseen)
        {
            broken.Add($"unseen categories {unseen:0.###} > {thresholds.Unseen}");
        }

        return broken;
    }
}
