using System.Globalization;
using Loom.Sdk;
using Loom.Sdk.Tables;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;

namespace Examples.RatioFeatures;

/// <summary>A feature transform: new columns holding the ratio of two number columns, streamed batch by batch.</summary>
[Component(
    "examples.ratio-features",
    "1.0.0",
    Category = "features",
    Description = "Adds a column for each pair of number columns holding their ratio (numerator / denominator), named 'NUMERATOR_per_DENOMINATOR'; a zero or missing denominator gives a missing value. Streams the table.",
    Example = "ratios: { component: examples.ratio-features@1, inputs: { table: load.table }, params: { numerators: [bill_length_mm, body_mass_g], denominators: [bill_depth_mm, flipper_length_mm] } }")]
[Input("table", ArtifactKind.Table, Description = "The rows, with the number columns.")]
[Output("table", ArtifactKind.Table, Description = "The rows, in the same order, with one ratio column per pair appended.")]
public sealed class RatioFeatures : IComponent
{
    /// <summary>The numerator of each ratio.</summary>
    [Parameter("numerators", Required = true, Description = "The numerator column of each ratio.")]
    public string[] Numerators { get; set; } = [];

    /// <summary>The denominator of each ratio, in the same order.</summary>
    [Parameter("denominators", Required = true, Description = "The denominator column of each ratio, in the same order as the numerators.")]
    public string[] Denominators { get; set; } = [];

    /// <inheritdoc/>
    public async Task ExecuteAsync(IComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pairs = await CheckAsync(context);

        var rows = await context.MapTableAsync("table", "table", batch =>
        {
            var output = batch.Clone();
            foreach (var (numerator, denominator, name) in pairs)
            {
                output.Columns.Add(Ratio(batch.Columns[numerator], batch.Columns[denominator], name));
            }

            return output;
        });
        context.Logger.LogInformation("added {Count} ratio column(s) to {Rows} rows: {Names}", pairs.Count, rows, string.Join(", ", pairs.Select(p => p.Name)));
    }

    private static DoubleDataFrameColumn Ratio(DataFrameColumn numerator, DataFrameColumn denominator, string name)
    {
        var values = new double[numerator.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var below = Convert.ToDouble(denominator[i], CultureInfo.InvariantCulture);
            // Zero and missing (NaN) denominators give a missing ratio rather than an infinity.
            values[i] = below == 0 || double.IsNaN(below) ? double.NaN : Convert.ToDouble(numerator[i], CultureInfo.InvariantCulture) / below;
        }

        return new DoubleDataFrameColumn(name, values);
    }

    /// <summary>Checks the parameters and the table's columns before any work; the pairs and their new columns' names.</summary>
    private async Task<List<(string Numerator, string Denominator, string Name)>> CheckAsync(IComponentContext context)
    {
        if (Numerators.Length == 0 || Numerators.Length != Denominators.Length)
        {
            throw new DataException($"step '{context.StepName}': 'numerators' and 'denominators' must name the same number of columns (at least one), found {Numerators.Length} and {Denominators.Length}");
        }

        await using var reader = await context.OpenTableAsync("table");
        var first = await reader.ReadFirstBatchAsync(context.CancellationToken);
        var pairs = Numerators.Zip(Denominators, (n, d) => (Numerator: n, Denominator: d, Name: $"{n}_per_{d}")).ToList();
        foreach (var column in pairs.SelectMany(p => new[] { p.Numerator, p.Denominator }).Distinct())
        {
            if (first.Columns.IndexOf(column) < 0)
            {
                throw new DataException($"step '{context.StepName}': the table has no column '{column}'; its columns are {string.Join(", ", reader.ColumnNames)}");
            }

            if (first.Columns[column] is not (DoubleDataFrameColumn or SingleDataFrameColumn))
            {
                throw new DataException($"step '{context.StepName}': column '{column}' does not hold numbers");
            }
        }

        if (pairs.FirstOrDefault(p => reader.ColumnNames.Contains(p.Name)) is { Name: { } taken })
        {
            throw new DataException($"step '{context.StepName}': the table already has a column '{taken}'");
        }

        return pairs;
    }
}
