using System.Globalization;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Training;

/// <summary>The weight role's column as the example weights a learner reads: finite, not negative, as 32-bit floats.</summary>
internal static class ExampleWeights
{
    /// <summary>Checks that every row has a usable weight, naming the first row that has not.</summary>
    public static void Check(DataFrame table, string? weight, string step)
    {
        if (weight is null)
        {
            return;
        }

        var column = table.Columns.IndexOf(weight) >= 0 ? table.Columns[weight]
            : throw new DataException($"step '{step}': the weight column '{weight}' is not in the table");
        if (column is not (DoubleDataFrameColumn or SingleDataFrameColumn or Int32DataFrameColumn or Int64DataFrameColumn))
        {
            throw new DataException($"step '{step}': the weight column '{weight}' holds {(column is BooleanDataFrameColumn ? "true/false values" : "text")}; example weights must be numbers (table.cast can convert)");
        }

        for (long row = 0; row < column.Length; row++)
        {
            var value = column[row] is { } cell ? Convert.ToDouble(cell, CultureInfo.InvariantCulture) : double.NaN;
            if (!double.IsFinite(value) || value < 0)
            {
                throw new DataException($"step '{step}': the weight column '{weight}' has {(double.IsNaN(value) ? "a missing value" : value.ToString(CultureInfo.InvariantCulture))} in row {row + 1}; example weights must be finite numbers of at least 0");
            }
        }
    }

    /// <summary>Adds the weights under <see cref="TrainerComponent.WeightColumn"/>; the data unchanged when there is no weight role.</summary>
    public static IDataView View(MLContext ml, IDataView data, string? weight) =>
        weight is null ? data : ml.Transforms.Conversion.ConvertType(TrainerComponent.WeightColumn, weight, DataKind.Single).Fit(data).Transform(data);
}
