using Loom.Components.Labels;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Data;

/// <summary>Splits a table into train and test rows, at random or stratified by a column.</summary>
[Component("data.split", "1.0.0", Category = "data", Description = "Splits a table into train and test tables, at random or stratified by a column so each class keeps its share; seeded, and rows keep their original order.")]
[Input("table", ArtifactKind.Table, Description = "The table to split.")]
[Output("train", ArtifactKind.Table, Description = "Rows not chosen for the test table.")]
[Output("test", ArtifactKind.Table, Description = "Rows chosen for the test table.")]
internal sealed class Split : IComponent
{
    [Parameter("test_fraction", Min = 0.01, Max = 0.99, Description = "Share of rows that go to the test table.")]
    public double TestFraction { get; set; } = 0.2;

    [Parameter("stratify", Description = "Column whose classes keep their share in both tables (usually the label); empty for a plain random split.")]
    public string? Stratify { get; set; }

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Random seed; the same seed gives the same split. By default a seed derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var random = Seed is { } seed ? new Random((int)seed) : context.Random;
        var groups = string.IsNullOrEmpty(Stratify)
            ? [Enumerable.Range(0, (int)table.Rows.Count).ToList()]
            : LabelPreparation.Values(table, Stratify, context.StepName)
                .Select((value, row) => (value: value ?? "", row))
                .GroupBy(x => x.value, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.Select(x => x.row).ToList())
                .ToList();
        var test = new bool[table.Rows.Count];
        foreach (var group in groups)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(group));
            foreach (var row in group.Take((int)Math.Round(group.Count * TestFraction, MidpointRounding.AwayFromZero)))
            {
                test[row] = true;
            }
        }

        var testCount = test.Count(t => t);
        if (testCount == 0 || testCount == test.Length)
        {
            throw new DataException($"step '{context.StepName}': a table of {test.Length} row(s) cannot be split with test_fraction {TestFraction}; both parts would not have rows");
        }

        context.Logger.LogInformation("split {Rows} rows into {Train} train and {Test} test{How}", test.Length, test.Length - testCount, testCount, string.IsNullOrEmpty(Stratify) ? "" : $", stratified by '{Stratify}' ({groups.Count} classes)");
        await TableIO.WriteAsync(context, "train", table.Filter(new BooleanDataFrameColumn("m", test.Select(t => !t)))).ConfigureAwait(false);
        await TableIO.WriteAsync(context, "test", table.Filter(new BooleanDataFrameColumn("m", test))).ConfigureAwait(false);
    }
}
