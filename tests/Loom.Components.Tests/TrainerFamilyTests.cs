using System.Globalization;
using Microsoft.Data.Analysis;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>
/// Every trainer learns from a real table: it beats a floor set well above guessing on held-out rows,
/// and the same seed gives the same predictions when the step runs again.
/// </summary>
public sealed class TrainerFamilyTests
{
    public static TheoryData<string, string> Binary => new()
    {
        { "train.lightgbm-binary", "" },
        { "train.fasttree-binary", "" },
        { "train.fastforest-binary", "" },
        { "train.sdca-binary", "" },
        { "train.lbfgs-logistic-binary", "" },
        { "train.averaged-perceptron-binary", "" },
        { "train.linear-svm-binary", "" },
        { "train.gam-binary", ", iterations: 1500, learning_rate: 0.02" },
    };

    public static TheoryData<string, string, double> Multiclass => new()
    {
        { "train.lightgbm-multiclass", ", iterations: 100, min_data_in_leaf: 5", 0.95 },
        { "train.sdca-multiclass", "", 0.95 },
        { "train.lbfgs-maxent-multiclass", "", 0.95 },
        { "train.one-versus-all-multiclass", "", 0.9 },
        { "train.one-versus-all-multiclass", ", binary_learner: averaged-perceptron", 0.6 },
        { "train.naive-bayes-multiclass", "", 0.6 },
    };

    public static TheoryData<string, string, double> Regression => new()
    {
        { "train.lightgbm-regression", ", iterations: 500", 0.88 },
        { "train.fasttree-regression", "", 0.85 },
        { "train.fastforest-regression", "", 0.8 },
        { "train.sdca-regression", ", max_iterations: 100", 0.7 },
        { "train.online-gradient-descent-regression", "", 0.5 },
        { "train.gam-regression", "", 0.85 },
        { "train.lbfgs-poisson-regression", "", 0.7 },
    };

    [Theory]
    [MemberData(nameof(Binary))]
    public async Task Binary_learners_separate_churners_on_telco(string component, string extra)
    {
        await using var h = await CreateAsync();
        var metrics = await TrainAndEvaluateTwiceAsync(h, DataFile("telco-churn", "telco_churn.csv"), "churn", "stratify: churn, ", component, $"label: churn{extra}", "binary");
        Assert.True(Metric(metrics, "auc") >= 0.80, $"{component}: auc {Metric(metrics, "auc")}");
    }

    [Theory]
    [MemberData(nameof(Multiclass))]
    public async Task Multiclass_learners_tell_penguin_species_apart(string component, string extra, double floor)
    {
        await using var h = await CreateAsync();
        var metrics = await TrainAndEvaluateTwiceAsync(h, DataFile("penguins", "penguins.csv"), "species", "stratify: species, ", component, $"label: species{extra}", "multiclass");
        Assert.True(Metric(metrics, "micro_accuracy") >= floor, $"{component}: accuracy {Metric(metrics, "micro_accuracy")}");
    }

    [Theory]
    [MemberData(nameof(Regression))]
    public async Task Regression_learners_predict_ames_sale_prices(string component, string extra, double floor)
    {
        await using var h = await CreateAsync();
        var metrics = await TrainAndEvaluateTwiceAsync(h, DataFile("ames-housing", "ames_housing.csv"), "Sale_Price", "", component, $"label: Sale_Price{extra}", "regression");
        Assert.True(Metric(metrics, "r2") >= floor, $"{component}: r2 {Metric(metrics, "r2")}");
    }

    [Theory]
    [InlineData("train.lightgbm-ranking", ", iterations: 100")]
    [InlineData("train.fasttree-ranking", "")]
    public async Task Ranking_learners_order_houses_of_a_neighborhood_by_price_grade(string component, string extra)
    {
        await using var h = await CreateAsync();
        h.Folder.Write("graded.csv", GradedHouses());
        var metrics = await TrainAndEvaluateTwiceAsync(h, "graded.csv", "grade", "", component, $"label: grade, group: Neighborhood, exclude: [Sale_Price]{extra}", "ranking");
        Assert.True(Metric(metrics, "ndcg@5") >= 0.8, $"{component}: ndcg@5 {Metric(metrics, "ndcg@5")}");
    }

    [Fact]
    public async Task Kmeans_finds_clusters_that_follow_penguin_species()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync($"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {DataFile("penguins", "penguins.csv")} {"}"} {"}"}
              train: {"{"} component: train.kmeans@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} clusters: 3, exclude: [species, island, sex, year] {"}"} {"}"}
              eval: {"{"} component: evaluate.clustering@1, inputs: {"{"} model: train.model, table: load.table {"}"}, params: {"{"} label: species {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: load.table {"}"} {"}"}
            """);
        var metrics = await h.MetricsAsync(result, "eval");
        Assert.True(Metric(metrics, "nmi") >= 0.5, $"nmi {Metric(metrics, "nmi")}");
        Assert.True(Metric(metrics, "davies_bouldin") > 0);
        var clusters = (await h.TableAsync(result, "score")).Columns["Prediction"].Cast<float?>().Distinct().Order();
        Assert.Equal([1f, 2f, 3f], clusters.Select(c => c!.Value));
    }

    [Fact]
    public async Task Randomized_pca_flags_diamonds_whose_measurements_do_not_fit_together()
    {
        await using var h = await CreateAsync();
        var rows = File.ReadAllLines(DataFile("diamonds", "diamonds.csv"));

        // Normal rows to learn from; then rows where every 20th depth measurement z is mistyped (tripled).
        h.Folder.Write("normal.csv", string.Join("\n", rows.Take(4001)) + "\n");
        var mixed = rows.Skip(4001).Take(2000).Select((row, i) =>
        {
            var cells = row.Split(',');
            var typo = i % 20 == 0;
            cells[9] = typo ? (double.Parse(cells[9], CultureInfo.InvariantCulture) * 3).ToString(CultureInfo.InvariantCulture) : cells[9];
            return string.Join(",", cells) + "," + (typo ? "true" : "false");
        });
        h.Folder.Write("mixed.csv", rows[0] + ",typo\n" + string.Join("\n", mixed) + "\n");
        var result = await h.RunOkAsync("""
              load: { component: data.read-csv@1, params: { path: normal.csv } }
              mixed: { component: data.read-csv@1, params: { path: mixed.csv } }
              train: { component: train.randomized-pca-anomaly@1, inputs: { table: load.table }, params: { rank: 3, exclude: [cut, color, clarity, price] } }
              eval: { component: evaluate.anomaly@1, inputs: { model: train.model, table: mixed.table }, params: { label: typo } }
              score: { component: score@1, inputs: { model: train.model, table: mixed.table } }
            """);
        var metrics = await h.MetricsAsync(result, "eval");
        Assert.True(Metric(metrics, "auc") >= 0.9, $"auc {Metric(metrics, "auc")}");
        var scored = await h.TableAsync(result, "score");
        Assert.Equal(2000, scored.Rows.Count);
        Assert.IsType<BooleanDataFrameColumn>(scored.Columns["Prediction"]);
    }

    /// <summary>Ames houses with a relevance grade 0-4 from the sale price's quintile, to rank within each neighborhood.</summary>
    private static string GradedHouses()
    {
        var table = DataFrame.LoadCsv(DataFile("ames-housing", "ames_housing.csv"), guessRows: 3000);
        var prices = table.Columns["Sale_Price"].Cast<object>().Select(p => Convert.ToDouble(p, CultureInfo.InvariantCulture)).ToArray();
        var sorted = prices.Order().ToArray();
        var grades = prices.Select(p => Math.Min(4, Array.BinarySearch(sorted, p) * 5 / sorted.Length)).ToArray();
        var lines = new List<string> { "Neighborhood,Gr_Liv_Area,Overall_Cond,Year_Built,Total_Bsmt_SF,Sale_Price,grade" };
        for (var i = 0; i < prices.Length; i++)
        {
            lines.Add(string.Join(",", table.Columns["Neighborhood"][i], table.Columns["Gr_Liv_Area"][i], table.Columns["Overall_Cond"][i], table.Columns["Year_Built"][i], table.Columns["Total_Bsmt_SF"][i], prices[i].ToString(CultureInfo.InvariantCulture), grades[i]));
        }

        return string.Join("\n", lines) + "\n";
    }

    private static async Task<System.Text.Json.JsonElement> TrainAndEvaluateTwiceAsync(ComponentHarness h, string file, string label, string split, string component, string parameters, string task)
    {
        var steps = $"""
              load: {"{"} component: data.read-csv@1, params: {"{"} path: {file} {"}"} {"}"}
              split: {"{"} component: data.split@1, inputs: {"{"} table: load.table {"}"}, params: {"{"} {split}test_fraction: 0.2, seed: 42 {"}"} {"}"}
              train: {"{"} component: {component}@1, inputs: {"{"} table: split.train {"}"}, params: {"{"} {parameters} {"}"} {"}"}
              eval: {"{"} component: evaluate.{task}@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
              score: {"{"} component: score@1, inputs: {"{"} model: train.model, table: split.test {"}"} {"}"}
            """;
        var first = await h.RunOkAsync(steps);
        var again = await h.RunAsync(steps, useCache: false);
        var scored = await h.TableAsync(first, "score");
        var predictions = scored.Columns["Prediction"].Cast<object>().ToList();
        if (task == "binary")
        {
            Assert.All(scored.Columns["Probability"].Cast<float?>(), p => Assert.InRange(p!.Value, 0f, 1f));
        }

        Assert.Equal(predictions, (await h.TableAsync(again, "score")).Columns["Prediction"].Cast<object>());
        Assert.Contains(label, scored.Columns.Select(c => c.Name));
        return await h.MetricsAsync(first, "eval");
    }
}
