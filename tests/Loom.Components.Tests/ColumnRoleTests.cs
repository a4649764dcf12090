using Loom.Components.Tables;
using Loom.Sdk.Tables;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Column roles set once with table.roles, carried by later steps, and read by features steps and trainers.</summary>
public sealed class ColumnRoleTests
{
    private static readonly string Penguins = DataFile("penguins", "penguins.csv");
    private static readonly string Telco = DataFile("telco-churn", "telco_churn.csv");

    private static string Load(string file) => $"  load: {{ component: data.read-csv@1, params: {{ path: {file} }} }}\n";

    private static async Task<ColumnRoles> RolesAsync(ComponentHarness h, Loom.Execution.RunResult result, string step, string port = "table")
    {
        await using var reader = await TableReader.OpenAsync(await h.PathOfAsync(result, step, port), CancellationToken.None);
        return reader.Roles;
    }

    [Fact]
    public async Task Roles_travel_through_later_steps_and_follow_renames_and_dropped_columns()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: species, ids: [year, island] } }\n" +
            "  split: { component: data.split@1, inputs: { table: roles.table }, params: { test_fraction: 0.3 } }\n" +
            "  rename: { component: table.rename@1, inputs: { table: split.train }, params: { columns: ['species:kind'] } }\n" +
            "  drop: { component: table.drop@1, inputs: { table: rename.table }, params: { columns: [island] } }\n" +
            "  sorted: { component: table.sort@1, inputs: { table: drop.table }, params: { by: [body_mass_g] } }");

        Assert.Equal("species", (await RolesAsync(h, result, "split", "test")).Label);
        var last = await RolesAsync(h, result, "sorted");
        Assert.Equal("kind", last.Label);
        Assert.Equal(["year"], last.Ids);
        Assert.True((await RolesAsync(h, result, "load")).IsEmpty);
    }

    [Fact]
    public async Task A_trainer_takes_its_label_from_the_role_and_leaves_id_columns_out()
    {
        await using var h = await CreateAsync();
        var split = "  split: { component: data.split@1, inputs: { table: roles.table }, params: { test_fraction: 0.25, stratify: species } }\n";
        var withRoles = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: species, ids: [year] } }\n" + split +
            "  train: { component: train.lbfgs-maxent-multiclass@1, inputs: { table: split.train } }\n" +
            "  evaluate: { component: evaluate.multiclass@1, inputs: { model: train.model, table: split.test } }");
        var explicitly = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.select@1, inputs: { table: load.table }, params: { columns: [species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year] } }\n" + split +
            "  train: { component: train.lbfgs-maxent-multiclass@1, inputs: { table: split.train }, params: { label: species, exclude: [year] } }\n" +
            "  evaluate: { component: evaluate.multiclass@1, inputs: { model: train.model, table: split.test } }");

        var logs = await h.Workspace.Store.GetLogsAsync(withRoles.Run.Id, "train");
        Assert.DoesNotContain(logs, l => l.Message.Contains("year", StringComparison.Ordinal) && l.Message.StartsWith("feature", StringComparison.Ordinal));
        Assert.Equal(Metric(await h.MetricsAsync(explicitly, "evaluate"), "log_loss"), Metric(await h.MetricsAsync(withRoles, "evaluate"), "log_loss"));
    }

    [Fact]
    public async Task Named_feature_columns_are_the_only_features_of_automatic_featurization()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: species, features: [bill_length_mm, flipper_length_mm] } }\n" +
            "  features: { component: features.auto@1, inputs: { table: roles.table } }\n" +
            "  train: { component: train.sdca-multiclass@1, inputs: { table: roles.table, transform: features.transform } }");
        var logs = await h.Workspace.Store.GetLogsAsync(result.Run.Id, "features");
        var reads = Assert.Single(logs, l => l.Message.StartsWith("transform reads", StringComparison.Ordinal)).Message;
        Assert.Contains("bill_length_mm", reads);
        Assert.Contains("flipper_length_mm", reads);
        Assert.DoesNotContain("island", reads);
        Assert.DoesNotContain("species", reads);
    }

    [Fact]
    public async Task Example_weights_change_what_a_trainer_learns_and_weights_of_one_change_nothing()
    {
        await using var h = await CreateAsync();
        string Pipeline(string weight) => Load(Telco) +
            $"  w: {{ component: table.derive@1, inputs: {{ table: load.table }}, params: {{ column: w, expression: '{weight}' }} }}\n" +
            "  roles: { component: table.roles@1, inputs: { table: w.table }, params: { label: churn, weight: w } }\n" +
            "  split: { component: data.split@1, inputs: { table: roles.table }, params: { test_fraction: 0.2, stratify: churn } }\n" +
            "  train: { component: train.lbfgs-logistic-binary@1, inputs: { table: split.train }, params: { positive: 'Yes' } }\n" +
            "  evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }";
        var unweighted = await h.RunOkAsync(Load(Telco) +
            "  w: { component: table.derive@1, inputs: { table: load.table }, params: { column: w, expression: 'tenure * 0' } }\n" +
            "  roles: { component: table.roles@1, inputs: { table: w.table }, params: { label: churn, ids: [w] } }\n" +
            "  split: { component: data.split@1, inputs: { table: roles.table }, params: { test_fraction: 0.2, stratify: churn } }\n" +
            "  train: { component: train.lbfgs-logistic-binary@1, inputs: { table: split.train }, params: { positive: 'Yes' } }\n" +
            "  evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }");
        var ones = await h.RunOkAsync(Pipeline("tenure * 0 + 1"));
        var skewed = await h.RunOkAsync(Pipeline("1 + 20 * senior_citizen"));

        var baseline = await h.MetricsAsync(unweighted, "evaluate");
        Assert.Equal(Metric(baseline, "log_loss"), Metric(await h.MetricsAsync(ones, "evaluate"), "log_loss"), 9);
        Assert.NotEqual(Metric(baseline, "log_loss"), Metric(await h.MetricsAsync(skewed, "evaluate"), "log_loss"), 3);
    }

    [Fact]
    public async Task A_trainer_without_example_weights_says_it_ignores_them()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: species, weight: year } }\n" +
            "  train: { component: train.naive-bayes-multiclass@1, inputs: { table: roles.table } }");
        Assert.Contains(await h.Workspace.Store.GetLogsAsync(result.Run.Id, "train"), l => l.Message.Contains("does not take example weights: the weight column 'year' is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cross_validation_reads_the_label_role()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: species } }\n" +
            "  cv: { component: evaluate.cross-validate@1, inputs: { table: roles.table }, params: { trainer: train.lbfgs-maxent-multiclass, k: 3, stratify: species } }");
        Assert.True(Metric(await h.MetricsAsync(result, "cv"), "micro_accuracy") > 0.9);
    }

    [Theory]
    [InlineData("{ label: kind }", "step 'roles', 'label': column(s) kind not in the table")]
    [InlineData("{ ids: [species, nope] }", "step 'roles', 'ids': column(s) nope not in the table")]
    [InlineData("{ label: species, ids: [species] }", "column 'species' is given two roles")]
    [InlineData("{ label: species, features: [species, year] }", "step 'roles', 'features': 'species' also has another role")]
    [InlineData("{ weight: island }", "step 'roles', 'weight': column 'island' holds text; example weights must be numbers")]
    [InlineData("{ }", "step 'roles': no role given")]
    public async Task Bad_roles_are_refused_naming_the_step_parameter_and_column(string parameters, string message)
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Load(Penguins) + $"  roles: {{ component: table.roles@1, inputs: {{ table: load.table }}, params: {parameters} }}");
        Assert.Contains(message, result.Run.Error);
    }

    [Fact]
    public async Task A_trainer_with_no_label_anywhere_says_how_to_give_one()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Load(Penguins) + "  train: { component: train.lbfgs-maxent-multiclass@1, inputs: { table: load.table } }");
        Assert.Contains("step 'train': no label: set 'label', or mark the label column with a table.roles step upstream", result.Run.Error);
    }

    [Fact]
    public async Task A_missing_or_negative_weight_is_refused_naming_the_row()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("w.csv", "y,x,w\n1,0.5,1\n0,0.1,2\n1,0.7,\n0,0.2,1\n");
        var result = await h.RunAsync(Load("w.csv") +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: y, weight: w } }\n" +
            "  train: { component: train.lbfgs-poisson-regression@1, inputs: { table: roles.table } }");
        Assert.Contains("step 'train': the weight column 'w' has a missing value in row 3", result.Run.Error);
    }

    public static TheoryData<string> Trainers() => TrainerBadInputTests.Supervised();

    [Theory]
    [MemberData(nameof(Trainers))]
    public async Task Every_trainer_uses_the_weight_role_or_says_it_ignores_it(string trainer)
    {
        await using var h = await CreateAsync();
        var (label, group) = trainer switch
        {
            _ when trainer.EndsWith("-binary", StringComparison.Ordinal) => ("sex", ""),
            _ when trainer.EndsWith("-multiclass", StringComparison.Ordinal) => ("species", ""),
            // Whether weights are taken shows from the first rounds; a full LightGBM ranking run on three large groups takes a minute.
            "train.lightgbm-ranking" => ("grade", ", group: island, iterations: 20"),
            _ when trainer.EndsWith("-ranking", StringComparison.Ordinal) => ("grade", ", group: island"),
            _ => ("bill_length_mm", ""),
        };
        var result = await h.RunOkAsync(Load(Penguins) +
            "  known: { component: table.filter@1, inputs: { table: load.table }, params: { expression: 'body_mass_g > 0' } }\n" +
            "  grade: { component: table.derive@1, inputs: { table: known.table }, params: { column: grade, expression: 'year - 2007' } }\n" +
            "  w: { component: table.derive@1, inputs: { table: grade.table }, params: { column: w, expression: 'body_mass_g / 1000' } }\n" +
            $"  roles: {{ component: table.roles@1, inputs: {{ table: w.table }}, params: {{ label: {label}, weight: w, ids: [year{(label == "grade" ? "" : ", grade")}] }} }}\n" +
            $"  train: {{ component: {trainer}@1, inputs: {{ table: roles.table }}, params: {{ exclude: [body_mass_g]{group} }} }}");
        var ignored = (await h.Workspace.Store.GetLogsAsync(result.Run.Id, "train")).Any(l => l.Message.Contains("does not take example weights", StringComparison.Ordinal));
        var documented = trainer is "train.averaged-perceptron-binary" or "train.online-gradient-descent-regression" or "train.naive-bayes-multiclass";
        Assert.Equal(documented, ignored);
    }

    [Fact]
    public async Task A_join_carries_each_side_s_roles_under_the_output_names_and_refuses_two_labels()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("left.csv", "id,x,y\n1,0.5,1\n2,0.7,0\n");
        h.Folder.Write("right.csv", "id,x,w\n1,3,1\n2,4,2\n");
        var steps =
            "  left: { component: data.read-csv@1, params: { path: left.csv } }\n" +
            "  right: { component: data.read-csv@1, params: { path: right.csv } }\n" +
            "  lroles: { component: table.roles@1, inputs: { table: left.table }, params: { label: y, ids: [id] } }\n";
        var result = await h.RunOkAsync(steps +
            "  rroles: { component: table.roles@1, inputs: { table: right.table }, params: { weight: w, features: [x] } }\n" +
            "  joined: { component: table.join@1, inputs: { left: lroles.table, right: rroles.table }, params: { on: [id] } }");
        var roles = await RolesAsync(h, result, "joined");
        Assert.Equal("y", roles.Label);
        Assert.Equal("w", roles.Weight);
        Assert.Equal(["id"], roles.Ids);
        Assert.Equal(["x", "x_right"], roles.Features.Order());

        var twoLabels = await h.RunAsync(steps +
            "  rroles: { component: table.roles@1, inputs: { table: right.table }, params: { label: w } }\n" +
            "  joined: { component: table.join@1, inputs: { left: lroles.table, right: rroles.table }, params: { on: [id] } }");
        Assert.Contains("step 'joined': both tables have a label role ('y' on the left, 'w' on the right)", twoLabels.Run.Error);
    }

    [Fact]
    public async Task A_later_roles_step_replaces_the_roles_it_names_and_keeps_the_others()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  first: { component: table.roles@1, inputs: { table: load.table }, params: { label: species, ids: [year] } }\n" +
            "  second: { component: table.roles@1, inputs: { table: first.table }, params: { ids: [island] } }\n" +
            "  fresh: { component: table.roles@1, inputs: { table: second.table }, params: { group: sex, replace: true } }");
        var second = await RolesAsync(h, result, "second");
        Assert.Equal("species", second.Label);
        Assert.Equal(["island"], second.Ids);
        var fresh = await RolesAsync(h, result, "fresh");
        Assert.Null(fresh.Label);
        Assert.Empty(fresh.Ids);
        Assert.Equal("sex", fresh.Group);
    }

    [Fact]
    public async Task A_split_keeps_the_rows_of_each_group_role_on_one_side()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { group: island } }\n" +
            "  split: { component: data.split@1, inputs: { table: roles.table }, params: { test_fraction: 0.3 } }");
        var train = (await h.TableAsync(result, "split", "train")).Columns["island"].Cast<string>().ToHashSet();
        var test = (await h.TableAsync(result, "split", "test")).Columns["island"].Cast<string>().ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.NotEmpty(test);
    }

    [Fact]
    public async Task Cross_validation_passes_on_a_trainer_s_warning_once()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load(Penguins) +
            "  roles: { component: table.roles@1, inputs: { table: load.table }, params: { label: species, weight: year } }\n" +
            "  cv: { component: evaluate.cross-validate@1, inputs: { table: roles.table }, params: { trainer: train.naive-bayes-multiclass, k: 3 } }");
        var logs = await h.Workspace.Store.GetLogsAsync(result.Run.Id, "cv");
        Assert.Single(logs, l => l.Message.Contains("does not take example weights", StringComparison.Ordinal));
    }
}
