using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>The example pipelines reach the reference results of scikit-learn on the same 80/20 split.</summary>
public sealed class ModelQualityTests
{
    [Fact]
    public async Task Telco_churn_binary_classifier_reaches_auc_083_from_raw_columns()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} test_fraction: 0.2, stratify: churn, seed: 42 {"}"} {"}"}
              train: {"{"} component: train.lightgbm-binary@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: churn {"}"} {"}"}
              eval: {"{"} component: evaluate.binary@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
            """);

        var metrics = await h.MetricsAsync(result, "eval");
        var scored = await h.TableAsync(result, "score");
        var pairs = scored.Columns["churn"].Cast<string>().Zip(scored.Columns["Prediction"].Cast<string>()).ToList();
        double Count(string truth, string predicted) => pairs.Count(p => p.First == truth && p.Second == predicted);
        var cells = metrics.GetProperty("confusion_matrix").GetProperty("counts").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetDouble()).ToArray()).ToArray();
        Assert.Equal([[Count("No", "No"), Count("No", "Yes")], [Count("Yes", "No"), Count("Yes", "Yes")]], cells);
        Assert.Equal((Count("No", "No") + Count("Yes", "Yes")) / pairs.Count, Metric(metrics, "accuracy"), 6);
        Assert.True(Metric(metrics, "auc") >= 0.83, $"auc {Metric(metrics, "auc")}");
        Assert.True(Metric(metrics, "accuracy") >= 0.78, $"accuracy {Metric(metrics, "accuracy")}");
        Assert.Equal(1409, metrics.GetProperty("rows").GetInt64());
        var matrix = metrics.GetProperty("confusion_matrix");
        Assert.Equal(["No", "Yes"], matrix.GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(1409, matrix.GetProperty("counts").EnumerateArray().SelectMany(r => r.EnumerateArray()).Sum(c => c.GetDouble()));
        var logs = await h.Workspace.Store.GetLogsAsync(result.Run.Id, "train");
        Assert.Contains(logs, l => l.Message.Contains("positive class 'Yes' (minority class, 1495 of 5634 rows)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ames_housing_regression_reaches_r2_090()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("ames-housing", "ames_housing.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} test_fraction: 0.2, seed: 42 {"}"} {"}"}
              train: {"{"} component: train.lightgbm-regression@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: Sale_Price, iterations: 1000, min_data_in_leaf: 10 {"}"} {"}"}
              eval: {"{"} component: evaluate.regression@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
            """);

        var metrics = await h.MetricsAsync(result, "eval");
        Assert.True(Metric(metrics, "r2") >= 0.90, $"r2 {Metric(metrics, "r2")}");
        Assert.True(Metric(metrics, "mae") < 20000, $"mae {Metric(metrics, "mae")}");
    }

    [Fact]
    public async Task Penguins_multiclass_with_missing_values_and_a_features_step()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} stratify: species {"}"} {"}"}
              features: {"{"} component: features.auto@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: species {"}"} {"}"}
              train: {"{"} component: train.lightgbm-multiclass@1, inputs: {"{"} table: split.train, transform: features.transform {"}"}, params: {"{"} label: species, iterations: 200, num_leaves: 7, min_data_in_leaf: 5 {"}"} {"}"}
              eval: {"{"} component: evaluate.multiclass@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
            """);

        var metrics = await h.MetricsAsync(result, "eval");
        Assert.True(Metric(metrics, "micro_accuracy") >= 0.95, $"accuracy {Metric(metrics, "micro_accuracy")}");
        Assert.Equal(["Adelie", "Chinstrap", "Gentoo"], metrics.GetProperty("confusion_matrix").GetProperty("classes").EnumerateArray().Select(c => c.GetString()));
        var scored = await h.TableAsync(result, "score");
        Assert.All(scored.Columns["Prediction"].Cast<string>(), p => Assert.Contains(p, new[] { "Adelie", "Chinstrap", "Gentoo" }));
        var featureLogs = await h.Workspace.Store.GetLogsAsync(result.Run.Id, "features");
        Assert.Contains(featureLogs, l => l.Message.Contains("bill_length_mm: number, 1 missing value(s) imputed", StringComparison.Ordinal));
    }
}
