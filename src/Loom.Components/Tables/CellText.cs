using System.Globalization;

namespace Loom.Components.Tables;

/// <summary>
/// The one way a table cell becomes text: culture-invariant, round-trippable numbers, lower-case
/// booleans, and null for a missing value (null, NaN or the empty string).
/// </summary>
internal static class CellText
{
    public static string? Of(object? cell) => cell switch
    {
        null or "" => null,
        float f when float.IsNaN(f) => null,
        double d when double.IsNaN(d) => null,
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString(),
    };
}
