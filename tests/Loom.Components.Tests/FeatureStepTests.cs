using Loom.Components.Models;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>Features steps on real data: what their transforms output, how they chain, and how they refuse bad input.</summary>
public sealed class FeatureStepTests
{
    private static readonly string Penguins = DataFile("penguins", "penguins.csv");

    private static string Load(string file = "") => $"  load: {{ component: data.read-csv@1, params: {{ path: {(file.Length == 0 ? Penguins : file)} }} }}\n";

    /// <summary>Applies the transform a step made to the table the load step read.</summary>
    private static async Task<IDataView> ApplyAsync(ComponentHarness h, Loom.Execution.RunResult result, string step)
    {
        var ml = new MLContext(1);
        var transform = ModelFiles.Load(ml, await h.PathOfAsync(result, step, "transform"));
        return transform.Model.Transform(await h.TableAsync(result, "load"));
    }

    [Fact]
    public async Task Impute_median_fills_the_missing_numbers_with_the_median_and_marks_them()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() + "  impute: { component: features.impute@1, inputs: { table: load.table }, params: { columns: [bill_length_mm], strategy: median, indicator: true } }");
        var raw = (await h.TableAsync(result, "load")).Columns["bill_length_mm"].Cast<double?>().Select(v => v!.Value).ToList();
        var present = raw.Where(v => !double.IsNaN(v)).Order().ToList();
        var median = present.Count % 2 == 1 ? present[present.Count / 2] : (present[(present.Count / 2) - 1] + present[present.Count / 2]) / 2;

        var output = await ApplyAsync(h, result, "impute");
        var filled = output.GetColumn<double>("bill_length_mm").ToList();
        var missing = output.GetColumn<bool>("bill_length_mm_missing").ToList();
        for (var i = 0; i < raw.Count; i++)
        {
            Assert.Equal(double.IsNaN(raw[i]) ? median : raw[i], filled[i]);
            Assert.Equal(double.IsNaN(raw[i]), missing[i]);
        }

        Assert.Equal(2, missing.Count(m => m));
    }

    [Fact]
    public async Task Impute_constant_fills_missing_text_and_refuses_mean_for_text()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() + "  impute: { component: features.impute@1, inputs: { table: load.table }, params: { columns: [sex], strategy: constant, value: unknown } }");
        var sexes = (await ApplyAsync(h, result, "impute")).GetColumn<ReadOnlyMemory<char>>("sex").Select(s => s.ToString()).ToList();
        Assert.Equal(11, sexes.Count(s => s == "unknown"));
        Assert.DoesNotContain("", sexes);

        var bad = await h.RunAsync(Load() + "  impute: { component: features.impute@1, inputs: { table: load.table }, params: { columns: [sex], strategy: mean } }");
        Assert.Contains("step 'impute', 'columns': column 'sex' is text, but this step needs number columns", bad.Run.Error);
        var missingColumn = await h.RunAsync(Load() + "  impute: { component: features.impute@1, inputs: { table: load.table }, params: { columns: [beak] } }");
        Assert.Contains("column 'beak' is not in the table; its columns are species, island", missingColumn.Run.Error);
    }

    [Fact]
    public async Task Normalize_mean_variance_centers_and_scales_the_training_rows()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() + "  scale: { component: features.normalize@1, inputs: { table: load.table }, params: { columns: [body_mass_g, flipper_length_mm], method: mean-variance } }");
        var values = (await ApplyAsync(h, result, "scale")).GetColumn<double>("body_mass_g").Where(v => !double.IsNaN(v)).ToList();
        var mean = values.Average();
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
        Assert.InRange(sd, 0.95, 1.05);
    }

    [Fact]
    public async Task One_hot_gives_one_slot_per_island_and_zeros_for_an_island_never_seen()
    {
        await using var h = await CreateAsync();
        h.Folder.Write("new.csv", "species,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\nAdelie,Atlantis,39,18,190,3700,male,2009\nAdelie,Dream,39,18,190,3700,male,2009\n");
        var result = await h.RunOkAsync(Load() +
            "  onehot: { component: features.one-hot@1, inputs: { table: load.table }, params: { columns: [island] } }\n" +
            "  train: { component: train.sdca-multiclass@1, inputs: { table: load.table, transform: onehot.transform }, params: { label: species } }\n" +
            "  new: { component: data.read-csv@1, params: { path: new.csv } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: new.table } }");
        var islands = (await ApplyAsync(h, result, "onehot")).GetColumn<VBuffer<float>>("island").ToList();
        Assert.All(islands, v => Assert.Equal(3, v.Length));
        Assert.All(islands, v => Assert.Equal(1f, v.DenseValues().Sum()));

        var ml = new MLContext(1);
        var transform = ModelFiles.Load(ml, await h.PathOfAsync(result, "onehot", "transform"));
        var unseen = transform.Model.Transform(await h.TableAsync(result, "new")).GetColumn<VBuffer<float>>("island").First();
        Assert.Equal(0f, unseen.DenseValues().Sum());
        Assert.Equal(2, (await h.TableAsync(result, "score")).Rows.Count);
    }

    [Fact]
    public async Task Count_encoding_replaces_each_island_by_its_number_of_rows()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() + "  counts: { component: features.count-encode@1, inputs: { table: load.table }, params: { columns: [island] } }");
        var islands = (await h.TableAsync(result, "load")).Columns["island"].Cast<string>().ToList();
        var counts = (await ApplyAsync(h, result, "counts")).GetColumn<float>("island").ToList();
        Assert.Equal(islands.Select(i => (float)islands.Count(j => j == i)), counts);
    }

    [Fact]
    public async Task Pca_and_polynomial_make_the_columns_they_promise()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() +
            "  poly: { component: features.polynomial@1, inputs: { table: load.table }, params: { columns: [bill_length_mm, bill_depth_mm], squares: false } }\n" +
            "  scale: { component: features.normalize@1, inputs: { table: load.table, transform: poly.transform }, params: { columns: [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g], method: mean-variance } }\n" +
            "  pca: { component: features.pca@1, inputs: { table: load.table, transform: scale.transform }, params: { columns: [bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g], rank: 3 } }\n" +
            "  train: { component: train.lbfgs-maxent-multiclass@1, inputs: { table: load.table, transform: pca.transform }, params: { label: species, exclude: [island, sex, year] } }\n" +
            "  eval: { component: evaluate.multiclass@1, inputs: { model: train.model, table: load.table } }");
        var output = await ApplyAsync(h, result, "pca");
        Assert.Equal(3, ((VectorDataViewType)output.Schema["pca"].Type).Size);
        Assert.True(output.Schema.GetColumnOrNull("flipper_length_mm") is null or { IsHidden: true }, string.Join(", ", output.Schema.Select(c => $"{c.Name}{(c.IsHidden ? " (hidden)" : "")}")));
        var table = await h.TableAsync(result, "load");
        var product = (await ApplyAsync(h, result, "poly")).GetColumn<double>("bill_length_mm_x_bill_depth_mm").First();
        Assert.Equal((double)table.Columns["bill_length_mm"][0]! * (double)table.Columns["bill_depth_mm"][0]!, product, 9);
        var accuracy = Metric(await h.MetricsAsync(result, "eval"), "micro_accuracy");
        Assert.True(accuracy > 0.9, $"accuracy {accuracy}");
    }

    [Fact]
    public async Task A_chain_of_steps_ends_in_a_model_that_scores_raw_rows()
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Load() +
            "  split: { component: data.split@1, inputs: { table: load.table }, params: { stratify: species, seed: 42 } }\n" +
            "  impute: { component: features.impute@1, inputs: { table: split.train }, params: { strategy: median } }\n" +
            "  hash: { component: features.one-hot-hash@1, inputs: { table: split.train, transform: impute.transform }, params: { columns: [island, sex], bits: 4 } }\n" +
            "  train: { component: train.lbfgs-maxent-multiclass@1, inputs: { table: split.train, transform: hash.transform }, params: { label: species, exclude: [year] } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: split.test } }");
        var ml = new MLContext(1);
        var model = ModelFiles.Load(ml, await h.PathOfAsync(result, "train", "model"));
        Assert.Equal(["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "island", "sex"], model.Card.Inputs.Select(i => i.Name).Except(["year"]));
        var scored = await h.TableAsync(result, "score");
        var right = scored.Columns["Prediction"].Cast<string>().Zip(scored.Columns["species"].Cast<string>()).Count(p => p.First == p.Second);
        // 69 test rows, one row is 1.4 points: the same code scores 66 on one machine and 65 on another.
        Assert.True(right >= 0.9 * scored.Rows.Count, $"{right} of {scored.Rows.Count}");
    }

    [Fact]
    public async Task Select_by_count_drops_rare_n_grams()
    {
        await using var h = await CreateAsync();
        var file = DataFile("fine-foods", "fine_foods_test.csv");
        var result = await h.RunOkAsync(Load(file) +
            "  text: { component: features.text@1, inputs: { table: load.table }, params: { columns: [review], word_ngrams: 1 } }\n" +
            "  select: { component: features.select@1, inputs: { table: load.table, transform: text.transform }, params: { column: review, count: 20 } }");
        var before = ((VectorDataViewType)(await ApplyAsync(h, result, "text")).Schema["review"].Type).Size;
        var after = ((VectorDataViewType)(await ApplyAsync(h, result, "select")).Schema["review"].Type).Size;
        Assert.InRange(after, 10, before / 5);
    }

    [Fact]
    public async Task Date_parts_come_from_iso_dates_survive_saving_and_feed_a_trainer()
    {
        await using var h = await CreateAsync();
        var rows = Enumerable.Range(0, 200).Select(i => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i * 3).AddHours(i % 24));
        h.Folder.Write("d.csv", "signup,spend\n" + string.Join("\n", rows.Select((d, i) => $"{d:yyyy-MM-ddTHH:mm:ss},{(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 100 : 10) + (i % 3)}")) + "\nnot a date,12\n");
        var result = await h.RunOkAsync(Load("d.csv") +
            "  dates: { component: features.date-parts@1, inputs: { table: load.table }, params: { columns: [signup], parts: [year, month, day_of_week, hour] } }\n" +
            "  train: { component: train.lightgbm-regression@1, inputs: { table: load.table, transform: dates.transform }, params: { label: spend, iterations: 50, min_data_in_leaf: 5 } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: load.table } }");
        var output = await ApplyAsync(h, result, "dates");
        Assert.Null(output.Schema.GetColumnOrNull("signup") is { IsHidden: false } ? "kept" : null);
        Assert.Equal(2024f, output.GetColumn<float>("signup_year").First());
        Assert.Equal((float)DayOfWeek.Monday, output.GetColumn<float>("signup_day_of_week").First());
        Assert.True(float.IsNaN(output.GetColumn<float>("signup_month").Last()));
        var scored = await h.TableAsync(result, "score");
        var weekend = Enumerable.Range(0, 200).Where(i => (double)scored.Columns["spend"][i]! >= 100).Select(i => (double)(float)scored.Columns["Prediction"][i]!).Average();
        var weekday = Enumerable.Range(0, 200).Where(i => (double)scored.Columns["spend"][i]! < 100).Select(i => (double)(float)scored.Columns["Prediction"][i]!).Average();
        Assert.True(weekend > weekday + 50, $"weekend {weekend}, weekday {weekday}");
    }
}
