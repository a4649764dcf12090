using Loom.Components.CodeGen;

namespace Loom.Components.TableOps;

/// <content>
/// The step as code: the converted columns through the same rules as the platform (culture-invariant
/// numbers, empty as missing, true/false as 1/0 and back), other columns copied.
/// </content>
internal sealed partial class TableCast : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var (from, to) = await ColumnOpsCode.RowsAsync(step, cancellationToken).ConfigureAwait(false);
        var pairs = ColumnsCheck.Pairs(Columns, step.Name, "columns", "column:type");
        var converted = pairs.Select(p => p.Left).ToHashSet(StringComparer.Ordinal);
        var values = to.Shape.Columns.ToDictionary(c => c.Name, c => converted.Contains(c.Name) ? Conversion(step, from.Shape[c.Name], c) : RowCode.Read(from, c.Name), StringComparer.Ordinal);
        return ColumnOpsCode.Method(
            step,
            from,
            to,
            $"converts {string.Join(", ", pairs.Select(p => $"'{p.Left}' to {p.Right}"))}",
            c => values[c.Name],
            indexed: values.Values.Any(v => v.Contains("i + 1", StringComparison.Ordinal)));
    }

    /// <summary>The expression converting one column's value to the output column's kind.</summary>
    private static string Conversion(StepCode step, TableColumn source, TableColumn target)
    {
        var value = $"row.{source.Property}";
        var name = CSharpLiteral.Of(source.Name);
        switch (source.Kind, target.Kind)
        {
            case var (a, b) when a == b:
                return value;
            case ("boolean", "number"):
                return $"{value} ? 1 : 0";
            case (_, "text"):
                step.Code.Usings.Add("System.Globalization");
                return source.TextOf("row");
            case ("text", "number"):
                step.Code.Usings.Add("System.Globalization");
                step.Code.Member("NumberFromText", NumberFromText, step.Name);
                return $"NumberFromText({value}, {name}, i + 1)";
            default:
                step.Code.Usings.Add("System.Globalization");
                step.Code.Member("BooleanFromText", BooleanFromText, step.Name);
                return $"BooleanFromText({(source.Kind == "number" ? $"double.IsNaN({value}) ? null : {value}.ToString(\"R\", CultureInfo.InvariantCulture)" : value)}, {name}, i + 1)";
        }
    }

    private const string NumberFromText = """
        /// <summary>A text value as a number: culture-invariant, empty as missing (NaN), true and false as 1 and 0.</summary>
        private static double NumberFromText(string? text, string column, int row) => text switch
        {
            null or "" => double.NaN,
            "true" => 1,
            "false" => 0,
            _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value) => value,
            _ => throw new InvalidDataException($"column '{column}', row {row}: '{text}' is not a number"),
        };
        """;

    private const string BooleanFromText = """
        /// <summary>A value as true or false: 1 and 0, or true and false in any case.</summary>
        private static bool BooleanFromText(string? text, string column, int row) => text switch
        {
            "1" => true,
            "0" => false,
            _ when bool.TryParse(text, out var value) => value,
            _ => throw new InvalidDataException($"column '{column}', row {row}: '{(string.IsNullOrEmpty(text) ? "(missing)" : text)}' is not true, false, 1 or 0"),
        };
        """;
}
