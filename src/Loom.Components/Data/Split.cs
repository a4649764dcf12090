using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Data;

/// <summary>Splits a table into train and test rows, at random or stratified by a column.</summary>
[Component("data.split", "1.0.0", Example = "split: { component: data.split@1, inputs: { table: load.table }, params: { test_fraction: 0.2, stratify: churn, seed: 42 } }", Category = "data", Description = "Splits a table into train and test tables: at random, stratified by a column so each class keeps its share, by group so no group is on both sides, or by time so the test rows are the latest; seeded, and rows keep their original order.")]
[Input("table", ArtifactKind.Table, Description = "The table to split.")]
[Output("train", ArtifactKind.Table, Description = "Rows not chosen for the test table.")]
[Output("test", ArtifactKind.Table, Description = "Rows chosen for the test table.")]
internal sealed partial class Split : IComponent
{
    [Parameter("test_fraction", Min = 0.01, Max = 0.99, Description = "Share of rows that go to the test table.")]
    public double TestFraction { get; set; } = 0.2;

    [Parameter("stratify", Description = "Column whose classes keep their share in both tables (usually the label); empty for a plain random split.")]
    public string? Stratify { get; set; }

    [Parameter("group", Description = "Column whose values (a customer, a patient) must not be on both sides: whole groups go to train or test, chosen at random. Excludes stratify and time_column.")]
    public string? Group { get; set; }

    [Parameter("time_column", Description = "Column giving each row's time (a number or ISO 8601 text): the latest test_fraction of rows go to test, none shuffled, as when a model must predict the future. Excludes stratify and group.")]
    public string? TimeColumn { get; set; }

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Random seed; the same seed gives the same split. By default a seed derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var modes = new[] { Stratify, Group, TimeColumn }.Count(m => !string.IsNullOrEmpty(m));
        if (modes > 1)
        {
            throw new DataException($"step '{context.StepName}': give at most one of stratify, group and time_column");
        }

        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        Group = roles.GroupFor(Group, Stratify, TimeColumn); // rows of one group (a ranking query) never sit on both sides

        var random = Seed is { } seed ? new Random((int)seed) : context.Random;
        var rows = (int)table.Rows.Count;
        var target = (int)Math.Round(rows * TestFraction, MidpointRounding.AwayFromZero);
        var test = new bool[rows];
        string how;
        if (!string.IsNullOrEmpty(TimeColumn))
        {
            foreach (var row in RowGroups.ByOrder(table, TimeColumn, context.StepName).TakeLast(target))
            {
                test[row] = true;
            }

            how = $", the latest by '{TimeColumn}' to test";
        }
        else if (!string.IsNullOrEmpty(Group))
        {
            test = RowGroups.HoldOutGroups(table, Group, TestFraction, random, context.StepName);
            how = $", whole groups of '{Group}'";
        }
        else
        {
            var classes = string.IsNullOrEmpty(Stratify) ? [Enumerable.Range(0, rows).ToList()] : RowGroups.ByValue(table, Stratify, context.StepName);
            foreach (var members in classes)
            {
                random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members));
                foreach (var row in members.Take((int)Math.Round(members.Count * TestFraction, MidpointRounding.AwayFromZero)))
                {
                    test[row] = true;
                }
            }

            how = string.IsNullOrEmpty(Stratify) ? "" : $", stratified by '{Stratify}' ({classes.Count} classes)";
        }

        var testCount = test.Count(t => t);
        if (testCount == 0 || testCount == test.Length)
        {
            throw new DataException($"step '{context.StepName}': a table of {test.Length} row(s) cannot be split with test_fraction {TestFraction}; both parts would not have rows");
        }

        context.Logger.LogInformation("split {Rows} rows into {Train} train and {Test} test{How}", test.Length, test.Length - testCount, testCount, how);
        await TableIO.WriteAsync(context, "train", table.Filter(new BooleanDataFrameColumn("m", test.Select(t => !t))), roles).ConfigureAwait(false);
        await TableIO.WriteAsync(context, "test", table.Filter(new BooleanDataFrameColumn("m", test)), roles).ConfigureAwait(false);
    }
}
