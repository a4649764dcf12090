using System.Globalization;
using Microsoft.Data.Analysis;

namespace Loom.Components.Labels;

/// <summary>Reads a column's values as text, whatever its type, with null for missing.</summary>
internal static class LabelValues
{
    public static string?[] Read(DataFrameColumn column)
    {
        var values = new string?[column.Length];
        for (long i = 0; i < column.Length; i++)
        {
            values[i] = Tables.CellText.Of(column[i]);
        }

        return values;
    }

    /// <summary>Orders class values numerically when they all are numbers, else ordinally.</summary>
    public static List<string> Order(IEnumerable<string> classes)
    {
        var list = classes.Distinct().ToList();
        var numeric = list.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        return numeric
            ? [.. list.OrderBy(c => double.Parse(c, CultureInfo.InvariantCulture))]
            : [.. list.Order(StringComparer.Ordinal)];
    }
}
