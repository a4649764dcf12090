using System.Globalization;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Models;

/// <summary>
/// Gives a table the column types a model was trained with. A CSV read on its own may infer another
/// type for a column (all empty, or one blank cell in a true/false column); the model decides.
/// </summary>
internal static class ModelInputs
{
    /// <summary>The table with each column the model reads converted to its trained type; <paramref name="firstRow"/> numbers rows in errors when the table is one batch of a larger one.</summary>
    public static DataFrame Conform(DataFrame table, IReadOnlyList<ModelColumn> inputs, string step, long firstRow = 0)
    {
        var missing = inputs.Where(c => table.Columns.IndexOf(c.Name) < 0).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DataException($"step '{step}': the table lacks column(s) {string.Join(", ", missing)} that the model reads");
        }

        var result = table.Clone();
        foreach (var input in inputs)
        {
            var index = result.Columns.IndexOf(input.Name);
            var column = result.Columns[index];
            var converted = Convert(column, input.Type, step, firstRow);
            if (!ReferenceEquals(converted, column))
            {
                result.Columns[index] = converted;
            }
        }

        return result;
    }

    private static DataFrameColumn Convert(DataFrameColumn column, string type, string step, long firstRow) => (type, column) switch
    {
        ("number", DoubleDataFrameColumn) or ("boolean", BooleanDataFrameColumn) or ("text", StringDataFrameColumn) => column,
        ("number", _) => new DoubleDataFrameColumn(column.Name, Cells(column).Select((v, row) => ToNumber(v, firstRow + row, column.Name, step))),
        ("boolean", _) => new BooleanDataFrameColumn(column.Name, Cells(column).Select((v, row) => ToBoolean(v, firstRow + row, column.Name, step))),

        // Numbers or booleans turned back into text may not be the text the model saw ("02134", "True"): refuse rather than guess.
        _ => throw new DataException($"step '{step}': column '{column.Name}' was read as {(column is BooleanDataFrameColumn ? "boolean" : "number")}, but the model was trained with it as text; read it with column_types: ['{column.Name}:text']"),
    };

    /// <summary>Each cell as text, null when missing.</summary>
    private static IEnumerable<string?> Cells(DataFrameColumn column)
    {
        for (long i = 0; i < column.Length; i++)
        {
            yield return Tables.CellText.Of(column[i]);
        }
    }

    private static double ToNumber(string? cell, long row, string name, string step) => cell switch
    {
        null => double.NaN,
        "true" => 1,
        "false" => 0,
        _ when double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) => value,
        _ => throw new DataException($"step '{step}': column '{name}', row {row + 1}: '{cell}' is not a number, but the model was trained with numbers in it"),
    };

    private static bool ToBoolean(string? cell, long row, string name, string step) => cell switch
    {
        "1" => true,
        "0" => false,
        _ when bool.TryParse(cell, out var value) => value,
        _ => throw new DataException($"step '{step}': column '{name}', row {row + 1}: '{cell ?? "(missing)"}' is not true or false, but the model was trained with true/false values in it"),
    };

    /// <summary>
    /// Checks, without converting, that a streamed table has every column the model reads with the type
    /// it was trained with (features steps fit on the same kind of table as the transform before them).
    /// </summary>
    public static Microsoft.ML.IDataView Check(Microsoft.ML.IDataView table, IReadOnlyList<ModelColumn> inputs, string step)
    {
        var missing = inputs.Where(c => table.Schema.GetColumnOrNull(c.Name) is null).Select(c => c.Name).ToList();
        if (missing.Count > 0)
        {
            throw new DataException($"step '{step}': the table lacks column(s) {string.Join(", ", missing)} that the model reads");
        }

        foreach (var input in inputs)
        {
            var shape = Features.FeatureStep.ShapeOf(table.Schema[input.Name].Type).ToString().ToLowerInvariant();
            if (shape != input.Type)
            {
                throw new DataException($"step '{step}': column '{input.Name}' is {shape} in this table, but the transform was fitted with it as {input.Type}; read it with column_types: ['{input.Name}:{input.Type}']");
            }
        }

        return table;
    }
}
