using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Data;

/// <summary>Assigns each row to one of k folds.</summary>
[Component("data.kfold", "1.0.0", Example = "folds: { component: data.kfold@1, inputs: { table: load.table }, params: { k: 5, stratify: churn, seed: 42 } }", Category = "data", Description = "Assigns every row to one of k folds, in a new column (1 to k): at random, stratified so each fold keeps each class's share, or by group so a group's rows share a fold; seeded. evaluate.cross-validate reads the fold column.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The rows with their fold number.")]
internal sealed partial class KFold : IComponent
{
    [Parameter("k", Min = 2, Max = 100, Description = "Number of folds.")]
    public int K { get; set; } = 5;

    [Parameter("stratify", Description = "Column whose classes keep their share in every fold (usually the label).")]
    public string? Stratify { get; set; }

    [Parameter("group", Description = "Column whose values keep all their rows in one fold.")]
    public string? Group { get; set; }

    [Parameter("column", Description = "Name of the fold column.")]
    public string Column { get; set; } = "fold";

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Random seed; by default one derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        if (!string.IsNullOrEmpty(Stratify) && !string.IsNullOrEmpty(Group))
        {
            throw new DataException($"step '{context.StepName}': give at most one of stratify and group");
        }

        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        Group = roles.GroupFor(Group, Stratify); // rows of one group (a ranking query) share a fold

        var rows = (int)table.Rows.Count;
        if (rows < K)
        {
            throw new DataException($"step '{context.StepName}': {rows} row(s) cannot fill {K} folds");
        }

        if (table.Columns.IndexOf(Column) >= 0)
        {
            throw new DataException($"step '{context.StepName}', 'column': the table already has a column '{Column}'; name the fold column otherwise");
        }

        var random = Seed is { } seed ? new Random((int)seed) : context.Random;
        var folds = string.IsNullOrEmpty(Group)
            ? RowGroups.DealRows(string.IsNullOrEmpty(Stratify) ? [Enumerable.Range(0, rows).ToList()] : RowGroups.ByValue(table, Stratify, context.StepName), rows, K, random)
            : RowGroups.GroupFolds(table, Group, K, random, context.StepName);
        var output = table.Clone();
        output.Columns.Add(new DoubleDataFrameColumn(Column, folds.Select(f => (double)(f + 1))));
        context.Logger.LogInformation("fold sizes: {Sizes}", string.Join(", ", folds.GroupBy(f => f).OrderBy(g => g.Key).Select(g => g.Count())));
        await TableIO.WriteAsync(context, "table", output, roles).ConfigureAwait(false);
    }
}
