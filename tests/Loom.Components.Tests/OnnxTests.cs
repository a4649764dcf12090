using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Exporting trained models to ONNX and scoring with ONNX Runtime, against the models' own predictions.</summary>
public sealed class OnnxTests
{
    [Theory]
    [InlineData("train.lightgbm-binary", "churn", "iterations: 50")]
    [InlineData("train.lbfgs-logistic-binary", "churn", "l2_regularization: 1")]
    public async Task An_exported_model_scores_like_the_model_itself(string trainer, string label, string extra)
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("telco-churn", "telco_churn.csv")} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} stratify: churn, seed: 42 {"}"} {"}"}
              train: {"{"} component: {trainer}@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} label: {label}, {extra} {"}"} {"}"}
              export: {"{"} component: export.onnx@1, inputs: {"{"} model: train.model, table: split.train {"}"} {"}"}
              onnx: {"{"} component: score.onnx@1, inputs: {"{"} onnx: export.onnx, table: split.test {"}"}, params: {"{"} outputs: [Probability] {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
            """);
        var onnx = (await h.TableAsync(result, "onnx")).Columns["Probability"].Cast<double?>().ToList();
        var native = (await h.TableAsync(result, "score")).Columns["Probability"].Cast<float?>().ToList();
        Assert.Equal(native.Count, onnx.Count);
        Assert.All(native.Zip(onnx), p => Assert.Equal(p.First!.Value, p.Second!.Value, 4));
    }

    [Fact]
    public async Task A_model_ML_NET_cannot_export_fails_the_step_saying_so()
    {
        await using var h = await CreateAsync();
        // A calibrated learner on a bound transform's output: ML.NET's converter fails inside (a missing 'Score' key).
        var result = await h.RunAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              norm: {"{"} component: features.normalize@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} method: binning, bins: 8, columns: [bill_length_mm] {"}"} {"}"}
              train: {"{"} component: train.linear-svm-binary@1, inputs: {"{"} table: load.table, transform: norm.transform {"}"}, params: {"{"} label: sex, positive: male {"}"} {"}"}
              export: {"{"} component: export.onnx@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
            """);
        Assert.Contains("step 'export': ML.NET cannot export this model to ONNX", result.Run.Error);
    }

    [Fact]
    public async Task Scoring_checks_the_model_inputs_against_the_table()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              train: {"{"} component: train.lightgbm-regression@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} label: body_mass_g, iterations: 20, exclude: [species, island, sex, year] {"}"} {"}"}
              export: {"{"} component: export.onnx@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
            """);
        File.Copy(await h.PathOfAsync(result, "export", "onnx"), Path.Combine(h.Folder.Path, "mass.onnx"));
        h.Folder.Write("wrong.csv", "bill_length_mm,bill_depth_mm,flipper_length_mm\n39,18,abc\n");
        var wrongType = await h.RunAsync("  load: { component: data.read-csv@1, params: { path: wrong.csv } }\n  onnx: { component: score.onnx@1, inputs: { table: load.table }, params: { path: mass.onnx } }");
        Assert.Contains("column 'flipper_length_mm' holds text, but the ONNX model's input 'flipper_length_mm' expects", wrongType.Run.Error);
        h.Folder.Write("missing.csv", "bill_length_mm,bill_depth_mm\n39,18\n");
        var missing = await h.RunAsync("  load: { component: data.read-csv@1, params: { path: missing.csv } }\n  onnx: { component: score.onnx@1, inputs: { table: load.table }, params: { path: mass.onnx } }");
        Assert.Contains("the ONNX model's input 'flipper_length_mm'", missing.Run.Error);
        Assert.Contains("has no column in the table", missing.Run.Error);
        h.Folder.Write("junk.onnx", "not a model");
        var junk = await h.RunAsync("  load: { component: data.read-csv@1, params: { path: missing.csv } }\n  onnx: { component: score.onnx@1, inputs: { table: load.table }, params: { path: junk.onnx } }");
        Assert.Contains("not a model ONNX Runtime can load", junk.Run.Error);
    }

    [Fact]
    public async Task A_multiclass_export_predicts_the_class_names_and_an_empty_table_gets_the_same_columns()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              train: {"{"} component: train.lightgbm-multiclass@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} label: species, iterations: 30 {"}"} {"}"}
              export: {"{"} component: export.onnx@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
              none: {"{"} component: table.filter@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} expression: 'body_mass_g < 0' {"}"} {"}"}
              onnx: {"{"} component: score.onnx@1, inputs: {"{"} onnx: export.onnx, table: load.table {"}"}, params: {"{"} outputs: [Prediction, Score] {"}"} {"}"}
              empty: {"{"} component: score.onnx@1, inputs: {"{"} onnx: export.onnx, table: none.table {"}"}, params: {"{"} outputs: [Prediction, Score] {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
            """);
        var onnx = await h.TableAsync(result, "onnx");
        var native = await h.TableAsync(result, "score");
        Assert.Equal(native.Columns["Prediction"].Cast<string>(), onnx.Columns["Prediction"].Cast<string>());
        var empty = await h.TableAsync(result, "empty");
        Assert.Equal(0, empty.Rows.Count);
        Assert.Equal(onnx.Columns.Select(c => (c.Name, c.DataType)), empty.Columns.Select(c => (c.Name, c.DataType)));
        Assert.Contains(onnx.Columns, c => c.Name == "Score_2");
    }

    [Fact]
    public async Task A_clustering_model_exports_and_assigns_the_clusters_the_model_assigns()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              train: {"{"} component: train.kmeans@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} clusters: 3, exclude: [species] {"}"} {"}"}
              export: {"{"} component: export.onnx@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
              onnx: {"{"} component: score.onnx@1, inputs: {"{"} onnx: export.onnx, table: load.table {"}"}, params: {"{"} outputs: [Prediction] {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
            """);
        var onnx = await h.TableAsync(result, "onnx");
        var native = await h.TableAsync(result, "score");
        Assert.Equal(native.Rows.Count, onnx.Rows.Count);
        // ONNX numbers clusters from 0, Loom's models from 1 (ML.NET keys).
        Assert.Equal(native.Columns["Prediction"].Cast<float?>().Select(p => (double)p!.Value), onnx.Columns["Prediction"].Cast<double?>().Select(p => p!.Value + 1));
        Assert.Equal(3, onnx.Columns["Prediction"].Cast<double?>().Distinct().Count());
    }
}
