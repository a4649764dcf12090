using System.Diagnostics;
using System.Globalization;
using Loom.Components.Data;
using Loom.Components.Evaluation;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Tuning;

/// <summary>Searches a trainer's hyperparameters.</summary>
[Component("tune.search", "1.0.0", Example = "tune: { component: tune.search@1, inputs: { table: split.train }, params: { trainer: train.lightgbm-binary, label: churn, method: successive-halving, trials: 27, stratify: churn } }", Category = "tune", Description = "Searches a built-in trainer's hyperparameters over the ranges the trainer declares: random search, or successive halving (many configurations on a small share of the rows, the best third kept on three times as many, and so on). Each trial trains on the training part and is measured on a held-out part; the best configuration is then trained on all rows. Seeded, with a trial and a time budget, early stopping, and parallel trials.")]
[Input("table", ArtifactKind.Table, Description = "Labelled rows to search on (the training rows; keep a test table apart).")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "A fitted feature transform passed to every trial.")]
[Output("model", ArtifactKind.Model, Description = "The best configuration, trained on all rows.")]
[Output("best", ArtifactKind.Metrics, Description = "The best trial's validation metrics, with its parameters.")]
[Output("trials", ArtifactKind.Table, Description = "One row per trial: its number, rung, share of rows, parameters, metric and seconds.")]
internal sealed partial class Search : IComponent
{
    [ParameterGroup]
    public TrainerChoice Choice { get; } = new();

    [Parameter("method", Choices = ["random", "successive-halving"], Description = "random: every trial on all training rows; successive-halving: start many on few rows, keep the best.")]
    public string Method { get; set; } = "random";

    [Parameter("trials", Min = 1, Max = 10000, Description = "Configurations to try.")]
    public int Trials { get; set; } = 20;

    [Parameter("time_budget", Min = 0, Max = 1e7, Description = "Seconds after which no new trial starts; 0 for no limit.")]
    public double TimeBudget { get; set; }

    [Parameter("metric", Description = "Validation metric to optimize (auc, accuracy, micro_accuracy, r2, rmse, ndcg@10, ...); by default auc, micro_accuracy, r2 or ndcg@10 by task. rmse, mae, mse and log_loss are minimized, the others maximized.")]
    public string? Metric { get; set; }

    [Parameter("search", Description = "Trainer parameters to search; by default every one with a declared search range that trainer_params does not fix.")]
    public string[] SearchParameters { get; set; } = [];

    [Parameter("validation_fraction", Min = 0.05, Max = 0.5, Description = "Share of rows held out to measure each trial (when folds is 0).")]
    public double ValidationFraction { get; set; } = 0.2;

    [Parameter("folds", Min = 0, Max = 20, Description = "0: measure each trial on one held-out share of the rows; k of 2 or more: cross-validate each trial on k folds and score it by the mean, steadier on small tables but k times the training.")]
    public int Folds { get; set; }

    [Parameter("stratify", Description = "Column whose classes keep their share in the held-out rows or in every fold (usually a classifier's label).")]
    public string? Stratify { get; set; }

    [Parameter("group", Description = "Column whose values (a customer, a ranking query) keep all their rows on one side of the held-out split, or in one fold. Excludes stratify.")]
    public string? Group { get; set; }

    [Parameter("eta", Min = 2, Max = 10, Description = "For successive halving: the share kept at each rung is 1/eta, and the rows grow eta times.")]
    public int Eta { get; set; } = 3;

    [Parameter("early_stopping", Min = 0, Max = 10000, Description = "For random search: stop after this many trials without improvement; 0 never stops early.")]
    public int EarlyStopping { get; set; }

    [Parameter("parallel", Min = 1, Max = 64, Description = "Trials run at once.")]
    public int Parallel { get; set; } = 1;

    [Parameter("seed", Min = 0, Max = int.MaxValue, Description = "Seed for the configurations and the held-out rows; by default one derived from the pipeline's seed and this step's name.")]
    public long? Seed { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        var trainer = Choice.Resolve(context.StepName, roles);
        Group = roles.GroupFor(Group, Stratify); // rows of one group (a ranking query) stay on one side of the held-out split
        var space = SearchSpace.Of(trainer, SearchParameters, context.StepName);
        var random = Seed is { } seed ? new Random((int)seed) : context.Random;
        var table = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var run = new SearchRun(context, trainer, space, table, roles, context.HasInput("transform") ? context.GetInput("transform").Path : null, Metric, Parallel);
        await run.PrepareAsync(Validation(table, random, context.StepName), random).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var configurations = Enumerable.Range(0, Trials).Select(_ => space.Sample(random)).ToList();
        context.Logger.LogInformation("searching {Parameters} of {Trainer}: {Trials} configurations, {Method}", string.Join(", ", space.Names), trainer.Manifest.Name, Trials, Method);
        bool OutOfTime() => TimeBudget > 0 && clock.Elapsed.TotalSeconds >= TimeBudget;
        if (Method == "successive-halving")
        {
            await run.HalveAsync(configurations, Eta, OutOfTime).ConfigureAwait(false);
        }
        else
        {
            await run.RandomAsync(configurations, EarlyStopping, OutOfTime).ConfigureAwait(false);
        }

        await run.FinishAsync().ConfigureAwait(false);
    }

    /// <summary>The rows each trial is measured on: one held-out share, or each of k folds in turn.</summary>
    private List<bool[]> Validation(DataFrame table, Random random, string step)
    {
        if (Folds == 1)
        {
            throw new DataException($"step '{step}', 'folds': 1 fold leaves no rows to train on; use 0 for one held-out share, or 2 or more folds");
        }

        if (Folds == 0)
        {
            return [Holdout(table, random, step)];
        }

        var folds = RowGroups.Folds(table, Folds, Stratify, Group, random, step, "folds");
        return Enumerable.Range(0, Folds).Select(f => folds.Select(x => x == f).ToArray()).ToList();
    }

    private bool[] Holdout(DataFrame table, Random random, string step)
    {
        var rows = (int)table.Rows.Count;
        if (!string.IsNullOrEmpty(Group))
        {
            if (!string.IsNullOrEmpty(Stratify))
            {
                throw new DataException($"step '{step}': give at most one of stratify and group");
            }

            var byGroup = RowGroups.HoldOutGroups(table, Group, ValidationFraction, random, step);
            var heldRows = byGroup.Count(h => h);
            return heldRows > 0 && heldRows < rows ? byGroup : throw new DataException($"step '{step}', 'group': column '{Group}' has too few groups to hold some out for validation");
        }

        var classes = string.IsNullOrEmpty(Stratify) ? [Enumerable.Range(0, rows).ToList()] : RowGroups.ByValue(table, Stratify, step);
        var held = new bool[rows];
        foreach (var members in classes)
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled);
            foreach (var row in shuffled.Take((int)Math.Round(shuffled.Length * ValidationFraction, MidpointRounding.AwayFromZero)))
            {
                held[row] = true;
            }
        }

        var count = held.Count(h => h);
        return count > 0 && count < rows ? held : throw new DataException($"step '{step}': {rows} row(s) cannot be split into training and validation rows with validation_fraction {ValidationFraction}");
    }
}
