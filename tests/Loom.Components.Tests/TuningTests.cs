using Microsoft.Data.Analysis;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Cross-validation and hyperparameter search over built-in trainers, on real data.</summary>
public sealed class TuningTests
{
    [Fact]
    public async Task Cross_validation_reports_every_fold_and_their_mean()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              cv: {"{"} component: evaluate.cross-validate@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} trainer: train.lightgbm-binary, trainer_params: ['iterations=60', 'learning_rate=0.1'], label: churn, k: 3, stratify: churn, seed: 5 {"}"} {"}"}
            """);
        var metrics = await h.MetricsAsync(result, "cv");
        var folds = metrics.GetProperty("folds").EnumerateArray().Select(f => f.GetProperty("auc").GetDouble()).ToList();
        Assert.Equal(3, folds.Count);
        Assert.Equal(folds.Average(), Metric(metrics, "auc"), 9);
        Assert.InRange(Metric(metrics, "auc"), 0.80, 0.90);
        Assert.True(Metric(metrics, "auc_std") > 0);
        var table = await h.TableAsync(result, "cv", "folds");
        Assert.Equal(7043, table.Columns["rows"].Cast<double?>().Sum(r => r!.Value));
    }

    [Fact]
    public async Task Random_search_keeps_the_best_trial_and_trains_it_on_all_rows()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} stratify: species, seed: 42 {"}"} {"}"}
              tune: {"{"} component: tune.search@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} trainer: train.lbfgs-maxent-multiclass, label: species, trials: 6, stratify: species, parallel: 2, seed: 1 {"}"} {"}"}
              eval: {"{"} component: evaluate.multiclass@1, inputs: {"{"} model: tune.model, table: split.test {"}"} {"}"}
            """);
        var trials = await h.TableAsync(result, "tune", "trials");
        Assert.Equal(6, trials.Rows.Count);
        var scores = trials.Columns["micro_accuracy"].Cast<double?>().Select(s => s!.Value).ToList();
        var best = await h.MetricsAsync(result, "tune", "best");
        Assert.Equal(scores.Max(), Metric(best, "micro_accuracy"), 9);
        Assert.Equal(["l2_regularization", "l1_regularization"], best.GetProperty("parameters").EnumerateObject().Select(p => p.Name));
        Assert.True(Metric(await h.MetricsAsync(result, "eval"), "micro_accuracy") >= 0.95);

        var again = await h.RunAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} stratify: species, seed: 42 {"}"} {"}"}
              tune: {"{"} component: tune.search@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} trainer: train.lbfgs-maxent-multiclass, label: species, trials: 6, stratify: species, parallel: 1, seed: 1 {"}"} {"}"}
            """, useCache: false);
        var sequential = await h.TableAsync(again, "tune", "trials");
        Assert.Equal(trials.Columns["l2_regularization"].Cast<double?>(), sequential.Columns["l2_regularization"].Cast<double?>());
        Assert.Equal(scores, sequential.Columns["micro_accuracy"].Cast<double?>().Select(s => s!.Value));
    }

    [Fact]
    public async Task A_search_on_folds_scores_each_trial_by_its_cross_validated_mean()
    {
        await using var h = await CreateAsync();
        var load = $"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("penguins", "penguins.csv")} }} }}\n";
        var search = await h.RunOkAsync(load + "  tune: { component: tune.search@1, inputs: { table: load.table }, params: { trainer: train.lbfgs-maxent-multiclass, label: species, trials: 2, folds: 3, stratify: species, seed: 5 } }");
        var trials = await h.TableAsync(search, "tune", "trials");
        var l2 = ((double?)trials.Columns["l2_regularization"][0])!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var l1 = ((double?)trials.Columns["l1_regularization"][0])!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

        // The same folds (same seed, same stratification) and the first trial's parameters, cross-validated on their own.
        var cv = await h.RunOkAsync(load + $"  cv: {{ component: evaluate.cross-validate@1, inputs: {{ table: load.table }}, params: {{ trainer: train.lbfgs-maxent-multiclass, label: species, k: 3, stratify: species, seed: 5, trainer_params: ['l2_regularization={l2}', 'l1_regularization={l1}'] }} }}");
        Assert.Equal(Metric(await h.MetricsAsync(cv, "cv"), "micro_accuracy"), ((double?)trials.Columns["micro_accuracy"][0])!.Value, 12);
        Assert.Equal(344, (await h.MetricsAsync(search, "tune", "best")).GetProperty("rows").GetInt64());

        var one = await h.RunAsync(load + "  tune: { component: tune.search@1, inputs: { table: load.table }, params: { trainer: train.lbfgs-maxent-multiclass, label: species, folds: 1 } }");
        Assert.Contains("step 'tune', 'folds': 1 fold leaves no rows to train on", one.Run.Error);
    }

    [Fact]
    public async Task Successive_halving_runs_rungs_on_growing_shares_and_survives_failing_trials()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              tune: {"{"} component: tune.search@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} trainer: train.lightgbm-binary, trainer_params: ['iterations=50'], label: churn, method: successive-halving, trials: 9, eta: 3, stratify: churn, seed: 3 {"}"} {"}"}
            """);
        var trials = await h.TableAsync(result, "tune", "trials");
        var rungs = trials.Columns["rung"].Cast<double?>().GroupBy(r => r!.Value).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<double, int> { [0] = 9, [1] = 3, [2] = 1 }, rungs);
        Assert.Equal([1.0 / 9, 1.0 / 3, 1.0], trials.Columns["fraction"].Cast<double?>().Select(f => f!.Value).Distinct().Order(), new ToleranceComparer());
        var final = Enumerable.Range(0, (int)trials.Rows.Count).Single(i => (double)trials.Columns["rung"][i]! == 2);
        Assert.Equal((double)trials.Columns["auc"][final]!, Metric(await h.MetricsAsync(result, "tune", "best"), "auc"), 9);
    }

    [Fact]
    public async Task A_search_names_unknown_trainers_and_unsearchable_parameters()
    {
        await using var h = await CreateAsync();
        var load = $"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("penguins", "penguins.csv")} }} }}\n";
        var unknown = await h.RunAsync(load + "  tune: { component: tune.search@1, inputs: { table: load.table }, params: { trainer: train.xgboost, label: species } }");
        Assert.Contains("'train.xgboost' is not a built-in supervised trainer; they are", unknown.Run.Error);
        var fixedOnly = await h.RunAsync(load + "  tune: { component: tune.search@1, inputs: { table: load.table }, params: { trainer: train.lightgbm-multiclass, label: species, search: [exclude] } }");
        Assert.Contains("parameter 'exclude' of train.lightgbm-multiclass declares no search range", fixedOnly.Run.Error);
        var badValue = await h.RunAsync(load + "  cv: { component: evaluate.cross-validate@1, inputs: { table: load.table }, params: { trainer: train.lightgbm-multiclass, label: species, trainer_params: ['iterations=lots'] } }");
        Assert.Contains("'trainer_params': iterations=lots: expected integer", badValue.Run.Error);
    }

    [Fact]
    public async Task Grouped_cross_validation_keeps_each_group_in_one_fold()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              cv: {"{"} component: evaluate.cross-validate@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} trainer: train.lbfgs-logistic-binary, label: churn, k: 4, group: payment_method {"}"} {"}"}
            """);
        var folds = await h.TableAsync(result, "cv", "folds");
        var groupSizes = (await h.TableAsync(result, "load")).Columns["payment_method"].Cast<string>().GroupBy(p => p).Select(g => (double)g.Count()).Order();
        Assert.Equal(groupSizes, folds.Columns["rows"].Cast<double?>().Select(r => r!.Value).Order());
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
