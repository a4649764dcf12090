using Loom.Components.Data;
using Loom.Components.Evaluation;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Tuning;

/// <summary>Cross-validates any built-in trainer.</summary>
[Component("evaluate.cross-validate", "1.0.0", Example = "cv: { component: evaluate.cross-validate@1, inputs: { table: split.train }, params: { trainer: train.lightgbm-binary, trainer_params: ['iterations=200'], label: churn, k: 5, stratify: churn } }", Category = "evaluate", Description = "Cross-validates any built-in trainer: trains it k times, each time on all folds but one, measures it on the fold left out with its task's evaluator, and reports every fold's metrics and their mean and standard deviation. Folds come from a fold column (data.kfold) or are made here, seeded.")]
[Input("table", ArtifactKind.Table, Description = "Labelled rows.")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "A fitted feature transform passed to the trainer (fitted on all rows, so it sees every fold).")]
[Output("metrics", ArtifactKind.Metrics, Description = "Mean metrics (and <metric>_std), with each fold's metrics under 'folds'.")]
[Output("folds", ArtifactKind.Table, Description = "One row per fold: fold, rows, and each metric.")]
internal sealed partial class CrossValidate : IComponent
{
    [ParameterGroup]
    public TrainerChoice Choice { get; } = new();

    [Parameter("k", Min = 2, Max = 100, Description = "Number of folds, when no fold column is given.")]
    public int K { get; set; } = 5;

    [Parameter("fold_column", Description = "A column numbering each row's fold (from data.kfold); empty to make folds here.")]
    public string? FoldColumn { get; set; }

    [Parameter("stratify", Description = "When making folds: a column whose classes keep their share in every fold (usually the label of a classifier).")]
    public string? Stratify { get; set; }

    [Parameter("group", Description = "When making folds: a column whose values (a customer, a query) keep all their rows in one fold, so no group is both trained on and measured. Excludes stratify.")]
    public string? Group { get; set; }

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Seed for making folds; by default one derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        var spec = Choice.Resolve(context.StepName, roles);
        Group = roles.GroupFor(Group, Stratify); // rows of one group (a ranking query) share a fold
        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var folds = Folds(table, Seed is { } seed ? new Random((int)seed) : context.Random, context.StepName);
        var transform = context.HasInput("transform") ? context.GetInput("transform").Path : null;
        var results = new List<IReadOnlyDictionary<string, double>>();
        var rows = new List<long>();
        var task = "";
        var ids = folds.Distinct().Order().ToList();
        foreach (var fold in ids)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            context.ReportProgress((double)results.Count / ids.Count, $"fold {fold}");
            var name = $"fold-{fold}";
            var test = new BooleanDataFrameColumn("test", folds.Select(f => f == fold));
            var train = await Trial.WriteAsync(table.Filter(new BooleanDataFrameColumn("train", folds.Select(f => f != fold))), roles, context.ScratchDirectory, name + "-train", context.CancellationToken).ConfigureAwait(false);
            var held = table.Filter(test);
            var heldPath = await Trial.WriteAsync(held, roles, context.ScratchDirectory, name + "-test", context.CancellationToken).ConfigureAwait(false);
            var (model, modelTask) = await Trial.TrainAsync(context, name, spec.Create(FoldColumnExcluded(spec)), train, transform).ConfigureAwait(false);
            task = modelTask;
            var metrics = await Trial.EvaluateAsync(context, name + "-eval", model, modelTask, heldPath).ConfigureAwait(false);
            results.Add(metrics);
            rows.Add(held.Rows.Count);
            context.Logger.LogInformation("fold {Fold}: {Metrics}", fold, string.Join(", ", metrics.Select(m => $"{m.Key} {m.Value:F4}")));
        }

        var summary = new Dictionary<string, double>();
        foreach (var metric in results[0].Keys)
        {
            var values = results.Select(r => r[metric]).ToList();
            var mean = values.Average();
            summary[metric] = mean;
            summary[metric + "_std"] = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
        }

        context.Logger.LogInformation("mean over {Folds} folds: {Metrics}", results.Count, string.Join(", ", results[0].Keys.Select(m => $"{m} {summary[m]:F4} ± {summary[m + "_std"]:F4}")));
        await new MetricsDocument { Task = task, Rows = table.Rows.Count, Metrics = summary, Folds = results }.WriteAsync(context, "metrics").ConfigureAwait(false);
        var foldTable = new DataFrame(
            new DoubleDataFrameColumn("fold", ids.Select(i => (double)i)),
            new DoubleDataFrameColumn("rows", rows.Select(r => (double)r)));
        foreach (var metric in results[0].Keys)
        {
            foldTable.Columns.Add(new DoubleDataFrameColumn(metric, results.Select(r => r[metric])));
        }

        await TableIO.WriteAsync(context, "folds", foldTable).ConfigureAwait(false);
    }

    /// <summary>The fold column numbers rows, it says nothing about them: keep it out of the features.</summary>
    private Dictionary<string, object?> FoldColumnExcluded(TrainerSpec spec)
    {
        if (string.IsNullOrEmpty(FoldColumn))
        {
            return [];
        }

        var excluded = spec.Fixed.TryGetValue("exclude", out var given) && given is IEnumerable<string> list ? list.ToList() : [];
        return new Dictionary<string, object?> { ["exclude"] = (IReadOnlyList<string>)[.. excluded, FoldColumn] };
    }

    /// <summary>Each row's fold: from the fold column, else made here (numbered from 1), seeded by <paramref name="random"/>.</summary>
    private int[] Folds(DataFrame table, Random random, string step)
    {
        var rows = (int)table.Rows.Count;
        if (!string.IsNullOrEmpty(FoldColumn))
        {
            var values = table.Columns.IndexOf(FoldColumn) >= 0 ? table.Columns[FoldColumn]
                : throw new DataException($"step '{step}', 'fold_column': column '{FoldColumn}' is not in the table");
            var folds = Enumerable.Range(0, rows).Select(r => values[r] is double d && !double.IsNaN(d) && d == Math.Floor(d) ? (int)d : throw new DataException($"step '{step}', 'fold_column': row {r + 1} has no whole fold number")).ToArray();
            return folds.Distinct().Count() >= 2 ? folds : throw new DataException($"step '{step}', 'fold_column': column '{FoldColumn}' holds a single fold; cross-validation needs at least two");
        }

        return RowGroups.Folds(table, K, Stratify, Group, random, step, "k").Select(f => f + 1).ToArray();
    }
}
