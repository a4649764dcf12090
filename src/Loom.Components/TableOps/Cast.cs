using System.Globalization;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.TableOps;

/// <summary>Converts a column to number, boolean or text.</summary>
internal static class Cast
{
    public static DataFrameColumn To(DataFrameColumn column, string type, long firstRow, string step)
    {
        var cells = Enumerable.Range(0, (int)column.Length).Select(i => CellText.Of(column[i])).ToList();
        return type switch
        {
            "number" when column is DoubleDataFrameColumn => column,
            "number" => new DoubleDataFrameColumn(column.Name, cells.Select((v, row) => Number(v, firstRow + row, column.Name, step))),
            "boolean" when column is BooleanDataFrameColumn => column,
            "boolean" => new BooleanDataFrameColumn(column.Name, cells.Select((v, row) => Boolean(v, firstRow + row, column.Name, step))),
            _ => new StringDataFrameColumn(column.Name, cells.Select(v => v ?? "")),
        };
    }

    private static double Number(string? cell, long row, string name, string step) => cell switch
    {
        null or "" => double.NaN,
        "true" => 1,
        "false" => 0,
        _ when CsvNumber.TryParseFinite(cell, out var value) => value,
        _ => throw new DataException($"step '{step}': column '{name}', row {row + 1}: '{cell}' is not a number"),
    };

    private static bool Boolean(string? cell, long row, string name, string step) => cell switch
    {
        "1" => true,
        "0" => false,
        _ when bool.TryParse(cell, out var value) => value,
        _ => throw new DataException($"step '{step}': column '{name}', row {row + 1}: '{cell ?? "(missing)"}' is not true, false, 1 or 0"),
    };

    /// <summary>A number as invariant text (for keys and messages).</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
