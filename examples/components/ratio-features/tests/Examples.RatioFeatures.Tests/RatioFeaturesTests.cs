using Loom.Sdk;
using Loom.Sdk.Testing;
using Microsoft.Data.Analysis;

namespace Examples.RatioFeatures.Tests;

/// <summary>The ratios on real penguins, run through a step context over a temporary folder.</summary>
public sealed class RatioFeaturesTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("ratio-features-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Each_pair_gets_its_ratio_and_a_missing_measurement_gives_a_missing_ratio()
    {
        var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

        await new RatioFeatures { Numerators = ["bill_length_mm", "body_mass_g"], Denominators = ["bill_depth_mm", "flipper_length_mm"] }.ExecuteAsync(context);

        var output = await context.OutputTableAsync("table");
        var bills = output.Columns["bill_length_mm_per_bill_depth_mm"].Cast<double>().ToList();
        Assert.Equal(24, bills.Count);
        Assert.Equal(39.1 / 18.7, bills[0], 12);
        Assert.True(double.IsNaN(bills[3]));
        Assert.Equal(3750.0 / 181, output.Columns["body_mass_g_per_flipper_length_mm"].Cast<double>().First(), 12);
        Assert.Equal(Penguins().Columns["species"].Cast<string>(), output.Columns["species"].Cast<string>());
    }

    [Fact]
    public async Task Pairs_that_do_not_match_or_a_column_of_text_are_refused_before_any_work()
    {
        var context = await new FolderContext(folder).WithTableAsync("table", Penguins());

        var uneven = await Assert.ThrowsAsync<DataException>(() => new RatioFeatures { Numerators = ["bill_length_mm"], Denominators = [] }.ExecuteAsync(context));
        Assert.Equal("step 'step': 'numerators' and 'denominators' must name the same number of columns (at least one), found 1 and 0", uneven.Message);
        var text = await Assert.ThrowsAsync<DataException>(() => new RatioFeatures { Numerators = ["island"], Denominators = ["body_mass_g"] }.ExecuteAsync(context));
        Assert.Equal("step 'step': column 'island' does not hold numbers", text.Message);
        Assert.Empty(context.Outputs);
    }

    /// <summary>The penguins as a table holds them: missing numbers as NaN, missing text as "".</summary>
    private static DataFrame Penguins()
    {
        var table = DataFrame.LoadCsv(
            Path.Combine(AppContext.BaseDirectory, "data", "penguins.csv"),
            dataTypes: [typeof(string), typeof(string), typeof(double), typeof(double), typeof(double), typeof(double), typeof(string), typeof(double)]);
        foreach (var column in table.Columns)
        {
            column.FillNulls(column is StringDataFrameColumn ? "" : double.NaN, inPlace: true);
        }

        return table;
    }
}
