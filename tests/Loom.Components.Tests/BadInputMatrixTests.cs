using Loom.Execution;
using Microsoft.ML;
using Microsoft.ML.Data;
using Loom.Metadata.Records;
using static Loom.Components.Tests.ComponentHarness;

namespace Loom.Components.Tests;

/// <summary>
/// Every features step and table operation that names columns, fed the inputs users get wrong: a
/// column that is not there, a column of the wrong type, a table without rows, a column without a
/// single value, and infinite numbers. Each either does the sensible thing or fails naming the step
/// and what is wrong; none crashes inside ML.NET.
/// </summary>
public sealed class BadInputMatrixTests
{
    /// <summary>Steps that name one column: the component and its parameters, with COL for the column.</summary>
    public static TheoryData<string, string> Steps() => new()
    {
        { "features.impute", "{ columns: [COL] }" },
        { "features.normalize", "{ columns: [COL] }" },
        { "features.one-hot", "{ columns: [COL] }" },
        { "features.one-hot-hash", "{ columns: [COL] }" },
        { "features.count-encode", "{ columns: [COL] }" },
        { "features.pca", "{ columns: [COL, bill_depth_mm], rank: 1 }" },
        { "features.polynomial", "{ columns: [COL, bill_depth_mm] }" },
        { "features.text", "{ columns: [COL] }" },
        { "features.date-parts", "{ columns: [COL] }" },
        { "data.split", "{ stratify: COL }" },
        { "data.kfold", "{ k: 3, group: COL }" },
        { "table.sort", "{ by: [COL] }" },
        { "table.dedupe", "{ columns: [COL] }" },
        { "table.select", "{ columns: [COL] }" },
        { "table.cast", "{ columns: ['COL:number'] }" },
        { "table.derive", "{ column: z, expression: 'COL * 2' }" },
        { "table.filter", "{ expression: 'COL > 1' }" },
        { "table.roles", "{ label: COL }" },
    };

    /// <summary>Penguins with an all-missing number column, an all-empty text column and an infinite one.</summary>
    private static string Table(string filter) =>
        $"  load: {{ component: data.read-csv@1, params: {{ path: {DataFile("penguins", "penguins.csv")} }} }}\n" +
        "  nothing: { component: table.derive@1, inputs: { table: load.table }, params: { column: nothing, expression: 'body_mass_g * 0.0d / 0.0d' } }\n" +
        "  blank: { component: table.derive@1, inputs: { table: nothing.table }, params: { column: blank, expression: 'left(species, 0)' } }\n" +
        $"  rows: {{ component: table.filter@1, inputs: {{ table: blank.table }}, params: {{ expression: '{filter}' }} }}\n";

    private static async Task<RunResult> RunStepAsync(ComponentHarness h, string component, string parameters, string column, string filter = "body_mass_g > 0") =>
        await h.RunAsync(Table(filter) + $"  s: {{ component: {component}@1, inputs: {{ table: rows.table }}, params: {parameters.Replace("COL", column, StringComparison.Ordinal)} }}");

    private static void AssertClearError(RunResult result, params string[] mentions)
    {
        Assert.True(result.Run.Status == RunStatus.Failed, "expected the step to fail");
        var error = result.Run.Error ?? "";
        foreach (var mention in mentions.Prepend("failed: step 's'"))
        {
            Assert.True(error.Contains(mention, StringComparison.Ordinal), $"expected '{mention}' in: {error}");
        }

        Assert.False(error.Contains("Exception", StringComparison.Ordinal), error);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_column_that_is_not_there_is_named(string component, string parameters)
    {
        await using var h = await CreateAsync();
        AssertClearError(await RunStepAsync(h, component, parameters, "beak_colour"), "beak_colour");
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_table_without_rows_passes_through_or_is_refused_clearly(string component, string parameters)
    {
        await using var h = await CreateAsync();
        var result = await RunStepAsync(h, component, parameters, component.Contains("text", StringComparison.Ordinal) || component.Contains("one-hot", StringComparison.Ordinal) || component.Contains("count", StringComparison.Ordinal) || component.Contains("date", StringComparison.Ordinal) ? "species" : "body_mass_g", "body_mass_g < 0");
        if (result.Run.Status != RunStatus.Succeeded)
        {
            AssertClearError(result, component.StartsWith("data.", StringComparison.Ordinal) ? "0 row(s)" : "no rows");
        }
        else
        {
            // Only table operations make an empty table of an empty table, with the columns they promise.
            Assert.StartsWith("table.", component, StringComparison.Ordinal);
            var output = await h.TableAsync(result, "s");
            Assert.Equal(0, output.Rows.Count);
            Assert.NotEmpty(output.Columns);
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_number_column_without_values_works_or_is_refused_naming_it(string component, string parameters)
    {
        await using var h = await CreateAsync();
        var result = await RunStepAsync(h, component, parameters, "nothing");
        if (result.Run.Status != RunStatus.Succeeded)
        {
            AssertClearError(result, "'nothing'");
        }
        else
        {
            await AssertUsableAsync(h, result, component);
        }
    }

    /// <summary>What a step that accepted odd input made: a table with rows, or a transform that turns every row into finite features.</summary>
    private static async Task AssertUsableAsync(ComponentHarness h, RunResult result, string component)
    {
        var input = await h.TableAsync(result, "rows");
        var rows = input.Rows.Count;
        if (component.StartsWith("features.", StringComparison.Ordinal))
        {
            var ml = new MLContext(1);
            var transform = Models.ModelFiles.Load(ml, await h.PathOfAsync(result, "s", "transform"));
            var output = transform.Model.Transform(input);
            foreach (var column in output.Schema.Where(c => !c.IsHidden && input.Columns.IndexOf(c.Name) < 0))
            {
                var values = column.Type switch
                {
                    VectorDataViewType { ItemType: NumberDataViewType n } when n.RawType == typeof(float) => output.GetColumn<VBuffer<float>>(column).SelectMany(v => v.DenseValues()),
                    NumberDataViewType n when n.RawType == typeof(float) => output.GetColumn<float>(column),
                    _ => [],
                };
                Assert.All(values, v => Assert.True(float.IsFinite(v), $"{component} made a non-finite value in '{column.Name}'"));
            }

            return;
        }

        var port = component == "data.split" ? "train" : "table";
        var table = await h.TableAsync(result, "s", port);
        Assert.InRange(table.Rows.Count, component is "table.filter" or "table.dedupe" or "data.split" ? 0 : rows, rows);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_text_column_without_values_works_or_is_refused_naming_it(string component, string parameters)
    {
        await using var h = await CreateAsync();
        var result = await RunStepAsync(h, component, parameters, "blank");
        if (result.Run.Status != RunStatus.Succeeded)
        {
            AssertClearError(result, "'blank'");
        }
        else
        {
            await AssertUsableAsync(h, result, component);
        }
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_column_of_the_wrong_type_works_or_is_refused_naming_it(string component, string parameters)
    {
        await using var h = await CreateAsync();
        var numeric = component is "features.impute" or "features.normalize" or "features.pca" or "features.polynomial" or "table.derive" or "table.filter";
        var result = await RunStepAsync(h, component, parameters, numeric ? "island" : "body_mass_g");
        if (result.Run.Status != RunStatus.Succeeded)
        {
            AssertClearError(result, numeric ? "island" : "body_mass_g");
        }
    }

    [Fact]
    public async Task An_expression_that_makes_infinite_numbers_is_refused_naming_the_column_and_row()
    {
        await using var h = await CreateAsync();
        var result = await h.RunAsync(Table("body_mass_g > 0") + "  s: { component: table.derive@1, inputs: { table: rows.table }, params: { column: ratio, expression: 'body_mass_g / (year - 2007)' } }");
        AssertClearError(result, "ratio", "infinite");
    }

    [Theory]
    [InlineData("train.lightgbm-multiclass")]
    [InlineData("train.sdca-multiclass")]
    [InlineData("train.naive-bayes-multiclass")]
    public async Task Scoring_rows_with_an_unseen_category_and_missing_numbers_predicts_every_row(string trainer)
    {
        await using var h = await CreateAsync();
        var result = await h.RunOkAsync(Table("body_mass_g > 0") +
            "  seen: { component: table.filter@1, inputs: { table: rows.table }, params: { expression: 'island != \"Biscoe\"' } }\n" +
            $"  train: {{ component: {trainer}@1, inputs: {{ table: seen.table }}, params: {{ label: species }} }}\n" +
            "  holes: { component: table.derive@1, inputs: { table: rows.table }, params: { column: bill_length_mm, expression: 'island == \"Biscoe\" ? 0.0d / 0.0d : bill_length_mm' } }\n" +
            "  score: { component: score@1, inputs: { model: train.model, table: holes.table } }");
        var rows = await h.TableAsync(result, "rows");
        var scored = await h.TableAsync(result, "score");
        Assert.Equal(rows.Rows.Count, scored.Rows.Count);
        Assert.All(scored.Columns["Prediction"].Cast<string>(), p => Assert.Contains(p, new[] { "Adelie", "Chinstrap", "Gentoo" }));
    }
}
