namespace Loom.Serving.Monitoring;

/// <summary>Builds field distributions from observations — the same way for the training baseline and for a window of traffic.</summary>
internal static class Distributions
{
    public const int Bins = 10;
    public const int SampleSize = 2_000;

    /// <summary>The baseline of observations (training rows scored by the model).</summary>
    public static Baseline Build(IReadOnlyList<string> names, IReadOnlyList<bool> numeric, IReadOnlyList<Observation> rows)
    {
        var fields = new List<FieldBaseline>();
        for (var f = 0; f < names.Count; f++)
        {
            var missing = 0;
            if (numeric[f])
            {
                var present = new List<double>(rows.Count);
                foreach (var row in rows)
                {
                    if (double.IsNaN(row.Numbers[f]))
                    {
                        missing++;
                    }
                    else
                    {
                        present.Add(row.Numbers[f]);
                    }
                }

                present.Sort();
                var edges = DriftStatistics.QuantileEdges(present, Bins);
                fields.Add(new FieldBaseline(names[f], true, edges, DriftStatistics.BinShares(present, edges), [], Thin(present), Share(missing, rows.Count)));
            }
            else
            {
                var counts = Counts(rows, f, out missing);
                var present = counts.Values.Sum();
                var ordered = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
                fields.Add(new FieldBaseline(names[f], false, [], [.. ordered.Select(c => Share(c.Value, present))], [.. ordered.Select(c => c.Key)], [], Share(missing, rows.Count)));
            }
        }

        return new Baseline(rows.Count, fields);
    }

    /// <summary>Counts of each category of field <paramref name="field"/>.</summary>
    public static Dictionary<string, int> Counts(IEnumerable<Observation> rows, int field, out int missing)
    {
        missing = 0;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Categories[field] is { } category)
            {
                counts[category] = counts.GetValueOrDefault(category) + 1;
            }
            else
            {
                missing++;
            }
        }

        return counts;
    }

    public static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    /// <summary>At most <see cref="SampleSize"/> evenly spaced values of a sorted list (it stays sorted).</summary>
    public static double[] Thin(List<double> sorted) =>
        sorted.Count <= SampleSize ? [.. sorted] : [.. Enumerable.Range(0, SampleSize).Select(i => sorted[(int)((long)i * sorted.Count / SampleSize)])];
}
