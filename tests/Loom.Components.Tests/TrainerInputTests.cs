using Loom.Metadata.Records;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

public sealed class TrainerInputTests
{
    private static string TrainOn(string file, string label, string extra = "") =>
        $"  load: {{ component: data.read-csv@1, params: {{ path: {file} }} }}\n" +
        $"  train: {{ component: train.lightgbm-binary@1, inputs: {{ table: load.table }}, params: {{ label: {label}{extra}, iterations: 10, min_data_in_leaf: 1 }} }}";

    private static string Rows(Func<int, string> row, int count = 40) => string.Join("\n", Enumerable.Range(0, count).Select(row)) + "\n";

    [Fact]
    public async Task A_missing_label_column_names_the_columns_there_are()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{i % 2}"));
        var result = await h.RunAsync(TrainOn("d.csv", "target"));
        Assert.Equal(RunStatus.Failed, result.Run.Status);
        Assert.Equal("step 'train': label column 'target' is not in the table; its columns are x, y", result.Steps.Single(s => s.Name == "train").Error);
    }

    [Fact]
    public async Task A_label_with_one_class_is_refused()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},same"));
        var result = await h.RunAsync(TrainOn("d.csv", "y"));
        Assert.Equal("step 'train': label 'y' has 1 class(es): same; a binary model needs two", result.Steps.Single(s => s.Name == "train").Error);
    }

    [Fact]
    public async Task A_label_with_three_classes_points_to_multiclass()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},c{i % 3}"));
        var result = await h.RunAsync(TrainOn("d.csv", "y"));
        Assert.Contains("has 3 class(es): c0, c1, c2; use a multiclass trainer", result.Steps.Single(s => s.Name == "train").Error);
    }

    [Theory]
    [InlineData("true", "false", null, "positive class 'true' (the label is boolean or 0/1)")]
    [InlineData("1", "0", null, "positive class '1' (the label is boolean or 0/1)")]
    [InlineData("spam", "ham", "ham", "positive class 'ham' (given by parameter 'positive')")]
    public async Task Binary_labels_may_be_bool_numbers_or_two_strings(string first, string second, string? positive, string expected)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i % 3 == 0 ? first : second)}"));
        var result = await h.RunAsync(TrainOn("d.csv", "y", positive is null ? "" : $", positive: {positive}"));
        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        Assert.Contains(await h.Workspace.Store.GetLogsAsync(result.Run.Id, "train"), l => l.Message.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_positive_class_that_is_not_a_label_value_is_refused()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i % 2 == 0 ? "a" : "b")}"));
        var result = await h.RunAsync(TrainOn("d.csv", "y", ", positive: c"));
        Assert.Contains("positive class 'c' is not a value of label 'y', whose values are a, b", result.Run.Error);
    }

    [Fact]
    public async Task Rows_with_a_missing_label_are_dropped_and_said_so()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i % 5 == 0 ? "" : i % 2 == 0 ? "a" : "b")}"));
        var result = await h.RunAsync(TrainOn("d.csv", "y"));
        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        Assert.Contains(await h.Workspace.Store.GetLogsAsync(result.Run.Id, "train"), l => l.Message == "dropped 8 row(s) whose label 'y' is missing");
    }

    [Fact]
    public async Task A_features_step_that_uses_the_label_is_refused_as_leakage()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i % 2 == 0 ? "a" : "b")}"));
        var result = await h.RunAsync(
            "  load: { component: data.read-csv@1, params: { path: d.csv } }\n" +
            "  features: { component: features.auto@1, inputs: { table: load.table } }\n" +
            "  train: { component: train.lightgbm-binary@1, inputs: { table: load.table, transform: features.transform }, params: { label: y } }");
        Assert.Contains("the transform uses the label 'y' as a feature, which leaks the answer", result.Run.Error);
    }

    [Fact]
    public async Task Evaluating_on_a_table_without_the_model_columns_is_refused()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,z,y\n" + Rows(i => $"{i},{i * 2},{(i % 2 == 0 ? "a" : "b")}"));
        h.Folder.Write("e.csv", "x,y\n" + Rows(i => $"{i},{(i % 2 == 0 ? "a" : "b")}"));
        var result = await h.RunAsync(
            TrainOn("d.csv", "y") + "\n" +
            "  other: { component: data.read-csv@1, params: { path: e.csv } }\n" +
            "  eval: { component: evaluate.binary@1, inputs: { model: train.model, table: other.table } }");
        Assert.Equal("step 'eval': the table lacks column(s) z that the model reads", result.Steps.Single(s => s.Name == "eval").Error);
    }

    [Fact]
    public async Task A_test_file_read_on_its_own_gets_the_column_types_the_model_was_trained_with()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,flag,code,y\n" + Rows(i => $"{i},{(i % 4 == 0 ? "true" : "false")},{i % 3},{(i % 2 == 0 ? "a" : "b")}"));
        h.Folder.Write("e.csv", "x,flag,code,y\n,true,,a\n3,false,,b\n");
        var result = await h.RunAsync(
            TrainOn("d.csv", "y") + "\n" +
            "  other: { component: data.read-csv@1, params: { path: e.csv, column_types: ['x:text'] } }\n" +
            "  eval: { component: evaluate.binary@1, inputs: { model: train.model, table: other.table } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: other.table } }");

        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        Assert.Equal(2, (await h.TableAsync(result, "score")).Rows.Count);
    }

    [Fact]
    public async Task A_text_feature_read_as_numbers_at_scoring_time_is_refused_not_guessed()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "zip,y\n" + Rows(i => $"0{i % 5}1,{(i % 5 < 2 ? "a" : "b")}"));
        h.Folder.Write("e.csv", "zip\n12\n34\n");
        var result = await h.RunAsync(
            "  load: { component: data.read-csv@1, params: { path: d.csv, column_types: ['zip:text'] } }\n" +
            "  train: { component: train.lightgbm-binary@1, inputs: { table: load.table }, params: { label: y, iterations: 5, min_data_in_leaf: 1 } }\n" +
            "  other: { component: data.read-csv@1, params: { path: e.csv } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: other.table } }");
        Assert.True(result.Steps.Single(s => s.Name == "train").Status == StepStatus.Succeeded, result.Steps.Single(s => s.Name == "train").Error);
        Assert.Contains("column 'zip' was read as number, but the model was trained with it as text; read it with column_types: ['zip:text']", result.Steps.Single(s => s.Name == "score").Error);
    }

    [Fact]
    public async Task Features_without_signal_give_a_clear_error_not_an_ml_net_crash()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "zip,y\n" + Rows(i => $"0{i % 5}1,{(i % 2 == 0 ? "a" : "b")}"));
        var result = await h.RunAsync(
            "  load: { component: data.read-csv@1, params: { path: d.csv, column_types: ['zip:text'] } }\n" +
            "  train: { component: train.lightgbm-binary@1, inputs: { table: load.table }, params: { label: y, iterations: 5, min_data_in_leaf: 1 } }");
        Assert.Contains("the trees learned no splits: the features carry no usable signal about the label", result.Run.Error);
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_for_the_model_names_column_and_row()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i % 2 == 0 ? "a" : "b")}"));
        h.Folder.Write("e.csv", "x\n1\nlots\n");
        var result = await h.RunAsync(
            TrainOn("d.csv", "y") + "\n" +
            "  other: { component: data.read-csv@1, params: { path: e.csv } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: other.table } }");
        Assert.Equal("step 'score': column 'x', row 2: 'lots' is not a number, but the model was trained with numbers in it", result.Steps.Single(s => s.Name == "score").Error);
    }

    [Fact]
    public async Task A_feature_named_like_a_prediction_column_does_not_stop_scoring()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,Score,y\n" + Rows(i => $"{i},{i * 3},{(i % 2 == 0 ? "a" : "b")}"));
        var result = await h.RunAsync(TrainOn("d.csv", "y") + "\n  score: { component: score@1, inputs: { model: train.model, table: load.table } }");
        Assert.True(result.Run.Status == RunStatus.Succeeded, result.Run.Error);
        var scored = await h.TableAsync(result, "score");
        Assert.Equal(["x", "Score", "y", "Prediction", "Probability", "Score_1"], scored.Columns.Select(c => c.Name));
        Assert.Equal(3.0, scored.Columns["Score"][1]);
    }

    [Fact]
    public async Task Multiclass_evaluation_refuses_classes_never_seen_in_training()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},c{i % 3}", 60));
        h.Folder.Write("e.csv", "x,y\n1,c1\n2,c9\n");
        var result = await h.RunAsync(
            "  load: { component: data.read-csv@1, params: { path: d.csv } }\n" +
            "  train: { component: train.lightgbm-multiclass@1, inputs: { table: load.table }, params: { label: y, iterations: 5, min_data_in_leaf: 1 } }\n" +
            "  other: { component: data.read-csv@1, params: { path: e.csv } }\n" +
            "  eval: { component: evaluate.multiclass@1, inputs: { model: train.model, table: other.table } }");
        Assert.Equal("step 'eval': label value(s) c9 never appeared in training; the model knows only c0, c1, c2", result.Steps.Single(s => s.Name == "eval").Error);
    }

    [Fact]
    public async Task Evaluating_labels_the_model_never_saw_is_refused()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i % 2 == 0 ? "a" : "b")}"));
        h.Folder.Write("e.csv", "x,y\n1,a\n2,maybe\n");
        var result = await h.RunAsync(
            TrainOn("d.csv", "y") + "\n" +
            "  other: { component: data.read-csv@1, params: { path: e.csv } }\n" +
            "  eval: { component: evaluate.binary@1, inputs: { model: train.model, table: other.table } }");
        Assert.Contains("label 'y' has the value 'maybe', which is neither", result.Steps.Single(s => s.Name == "eval").Error);
    }

    [Fact]
    public async Task Score_needs_no_label_and_evaluate_checks_the_model_task()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("d.csv", "x,y\n" + Rows(i => $"{i},{(i < 20 ? "lo" : "hi")}"));
        h.Folder.Write("new.csv", "x\n5\n35\n");
        var result = await h.RunAsync(
            TrainOn("d.csv", "y") + "\n" +
            "  fresh: { component: data.read-csv@1, params: { path: new.csv } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: fresh.table } }\n" +
            "  wrong: { component: evaluate.regression@1, inputs: { model: train.model, table: load.table } }");

        var scored = await h.TableAsync(result, "score");
        Assert.Equal(["lo", "hi"], scored.Columns["Prediction"].Cast<string>());
        Assert.All(scored.Columns["Probability"].Cast<float>(), p => Assert.InRange(p, 0, 1));
        Assert.Equal("step 'wrong': the model is a binary model (train.lightgbm-binary@1.0.0); use evaluate.binary for it", result.Steps.Single(s => s.Name == "wrong").Error);
    }
}
