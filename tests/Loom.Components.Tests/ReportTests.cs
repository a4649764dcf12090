using System.IO.Compression;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Evaluation reports on real models: metrics, curves, charts and input importance.</summary>
public sealed class ReportTests
{
    [Fact]
    public async Task A_binary_report_has_its_curves_charts_and_the_inputs_that_matter()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} stratify: churn, seed: 42 {"}"} {"}"}
              train: {"{"} component: train.lightgbm-binary@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: churn, iterations: 100, learning_rate: 0.1 {"}"} {"}"}
              eval: {"{"} component: evaluate.binary@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
              report: {"{"} component: evaluate.report@1, inputs: {"{"} model: train.model, table: split.test {"}"}, params: {"{"} repeats: 2 {"}"} {"}"}
            """);
        var html = await File.ReadAllTextAsync(await h.PathOfAsync(result, "report", "report"));
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(6, html.Split("<svg").Length - 1);
        Assert.Contains("train.lightgbm-binary@1.0.0", html);

        var curves = await h.TableAsync(result, "report", "curves");
        Assert.Equal(["roc", "precision_recall", "calibration", "gain"], curves.Columns["curve"].Cast<string>().Distinct());
        var roc = Enumerable.Range(0, (int)curves.Rows.Count).Where(i => (string)curves.Columns["curve"][i] == "roc").Select(i => ((double)curves.Columns["x"][i]!, (double)curves.Columns["y"][i]!)).ToList();
        var area = roc.Zip(roc.Skip(1), (a, b) => (b.Item1 - a.Item1) * (a.Item2 + b.Item2) / 2).Sum();
        Assert.Equal(Metric(await h.MetricsAsync(result, "eval"), "auc"), area, 3);

        var importance = await h.TableAsync(result, "report", "importance");
        Assert.Equal(19, importance.Rows.Count);
        var top = importance.Columns["column"].Cast<string>().Take(3).ToList();
        Assert.Contains(top, c => c is "contract" or "tenure" or "internet_service" or "total_charges" or "monthly_charges");
        Assert.True((double)importance.Columns["drop"][0]! > 0.01);

        using var zip = ZipFile.OpenRead(await h.PathOfAsync(result, "report", "charts"));
        Assert.Equal(["roc.png", "precision_recall.png", "calibration.png", "gain.png", "confusion_matrix.png", "importance.png"], zip.Entries.Select(e => e.Name));
        foreach (var entry in zip.Entries)
        {
            using var png = entry.Open();
            var magic = new byte[4];
            png.ReadExactly(magic);
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, magic);
        }
    }

    [Fact]
    public async Task A_regression_report_plots_residuals()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("diamonds", "diamonds.csv")} {"}"} {"}"}
              sample: {"{"} component: data.sample@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} n: 3000, seed: 1 {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: sample.table {"}"}, params: {"{"} seed: 42 {"}"} {"}"}
              train: {"{"} component: train.lightgbm-regression@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: price, iterations: 100, learning_rate: 0.1 {"}"} {"}"}
              report: {"{"} component: evaluate.report@1, inputs: {"{"} model: train.model, table: split.test {"}"}, params: {"{"} importance: false {"}"} {"}"}
            """);
        var curves = await h.TableAsync(result, "report", "curves");
        Assert.Equal(["residuals", "predicted_actual"], curves.Columns["curve"].Cast<string>().Distinct());
        Assert.Equal(0, (await h.TableAsync(result, "report", "importance")).Rows.Count);
        var html = await File.ReadAllTextAsync(await h.PathOfAsync(result, "report", "report"));
        Assert.Contains(">r2<", html);
    }

    [Fact]
    public async Task Compare_puts_models_side_by_side_and_marks_the_best()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} stratify: churn, seed: 42 {"}"} {"}"}
              gbm: {"{"} component: train.lightgbm-binary@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: churn, iterations: 100 {"}"} {"}"}
              linear: {"{"} component: train.lbfgs-logistic-binary@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: churn {"}"} {"}"}
              gbm_eval: {"{"} component: evaluate.binary@1, inputs: {"{"} model: gbm.model, table: split.test {"}"} {"}"}
              linear_eval: {"{"} component: evaluate.binary@1, inputs: {"{"} model: linear.model, table: split.test {"}"} {"}"}
              compare: {"{"} component: evaluate.compare@1, inputs: {"{"} first: gbm_eval.metrics, second: linear_eval.metrics {"}"}, params: {"{"} names: [gbm, linear] {"}"} {"}"}
            """);
        var table = await h.TableAsync(result, "compare");
        Assert.Equal(["metric", "gbm", "linear", "best"], table.Columns.Select(c => c.Name));
        var rows = Enumerable.Range(0, (int)table.Rows.Count).ToDictionary(i => (string)table.Columns["metric"][i], i => i);
        var gbm = (double)table.Columns["gbm"][rows["auc"]]!;
        var linear = (double)table.Columns["linear"][rows["auc"]]!;
        Assert.Equal(Metric(await h.MetricsAsync(result, "gbm_eval"), "auc"), gbm, 9);
        Assert.Equal(gbm > linear ? "gbm" : "linear", table.Columns["best"][rows["auc"]]);
        var lowerLoss = (double)table.Columns["gbm"][rows["log_loss"]]! < (double)table.Columns["linear"][rows["log_loss"]]! ? "gbm" : "linear";
        Assert.Equal(lowerLoss, table.Columns["best"][rows["log_loss"]]);
        Assert.Contains("class=\"n best\"", await File.ReadAllTextAsync(await h.PathOfAsync(result, "compare", "report")));
    }
}
