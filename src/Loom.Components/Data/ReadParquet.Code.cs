using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: Parquet.Net reads the file's rows, and each column becomes the type the run found for it
/// by the platform's rules — numbers (true/false as 1/0 in a boolean column with missing values), true/false,
/// or text (dates in ISO 8601); a missing value is NaN or empty.
/// </content>
internal sealed partial class ReadParquet : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var path = step.ShippedPath("path", Path);
        step.Code.Packages.Add("Parquet.Net");
        step.Code.Usings.Add("Parquet.Serialization");
        step.Code.Usings.Add("System.Globalization");
        var values = rows.Shape.Columns.Select(c =>
            $"    {c.Property} = {step.ColumnReader(c, ("ParquetNumber", ParquetNumber), ("ParquetBoolean", ParquetBoolean), ("ParquetText", ParquetText))}(row, {CSharpLiteral.Of(c.Name)}),").ToList();

        return new StepMethod(
            $"reads {System.IO.Path.GetFileName(Path)} into rows: {rows.Shape.Columns.Count} typed columns",
            [],
            [StepCode.TableOutput("table", rows, "table")],
            [
                $"var path = {path};",
                "using var file = File.OpenRead(path);",
                "// Parquet.Net reads asynchronously; the training app and its tests have no synchronization context to block.",
                "var rows = ParquetSerializer.DeserializeUntypedAsync(file).GetAwaiter().GetResult().Data;",
                $"var table = rows.Select(row => new {rows.Name}",
                "{",
                .. values,
                "}).ToList();",
                "logger.LogInformation(\"read {Rows} rows from {File}\", table.Count, path);",
                "return table;",
            ]);
    }

    private const string ParquetNumber = """
        /// <summary>A number column's value: NaN when missing, true/false as 1/0, any other number as a finite 64-bit number.</summary>
        private static double ParquetNumber(Dictionary<string, object> row, string name) =>
            !row.TryGetValue(name, out var value) ? double.NaN
            : value is bool flag ? (flag ? 1 : 0)
            : Convert.ToDouble(value, CultureInfo.InvariantCulture) is var number && double.IsFinite(number) ? number
            : throw new InvalidDataException($"column '{name}' holds an infinite number; numbers must be finite");
        """;

    private const string ParquetBoolean = """
        /// <summary>A true/false column's value; a missing one is refused.</summary>
        private static bool ParquetBoolean(Dictionary<string, object> row, string name) =>
            row.TryGetValue(name, out var value) && value is bool flag ? flag
            : throw new InvalidDataException($"column '{name}' has a missing value where true or false is expected");
        """;

    private const string ParquetText = """
        /// <summary>A text column's value: empty when missing; dates and times in ISO 8601, numbers culture-invariant, bytes in base 64.</summary>
        private static string ParquetText(Dictionary<string, object> row, string name) =>
            !row.TryGetValue(name, out var value) ? ""
            : value switch
            {
                DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
                DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
                DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
                TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
                byte[] bytes => Convert.ToBase64String(bytes),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        """;
}
