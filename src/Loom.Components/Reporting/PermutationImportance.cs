using Loom.Components.Models;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Reporting;

/// <summary>How much a model's headline measure drops when one raw input column's values are shuffled.</summary>
internal sealed record Importance(string Column, double Drop, double Std);

/// <summary>
/// Permutation importance over the raw columns the model reads (not ML.NET's feature slots, which split a
/// category into one-hot slots): shuffle one column, score again, and measure the drop of the task's
/// headline measure, averaged over a few seeded shuffles.
/// </summary>
internal static class PermutationImportance
{
    public static List<Importance> Of(ITransformer model, DataFrame prepared, string task, IReadOnlyList<ModelColumn> inputs, int repeats, int seed, CancellationToken cancellationToken)
    {
        var baseline = Outcomes.Of(model, prepared, task).Headline();
        var random = new Random(seed);
        var result = new List<Importance>();
        foreach (var input in inputs.Where(i => prepared.Columns.IndexOf(i.Name) >= 0))
        {
            var drops = new List<double>();
            for (var r = 0; r < repeats; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var order = Enumerable.Range(0, (int)prepared.Rows.Count).Select(i => (long)i).ToArray();
                random.Shuffle(order);
                var shuffled = prepared.Clone();
                var index = shuffled.Columns.IndexOf(input.Name);
                shuffled.Columns[index] = shuffled.Columns[index].Clone(new Int64DataFrameColumn("order", order));
                drops.Add(baseline - Outcomes.Of(model, shuffled, task).Headline());
            }

            var mean = drops.Average();
            result.Add(new Importance(input.Name, mean, Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, drops.Count - 1))));
        }

        return [.. result.OrderByDescending(i => i.Drop)];
    }
}
