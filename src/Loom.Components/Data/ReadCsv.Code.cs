using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: ML.NET's text loader splits the file into fields (quotes undone), and each field
/// becomes its column's type by the platform's rules: the missing-value tokens and empty fields are
/// missing, numbers are culture-invariant, booleans are true or false in any case. A latin1 or utf-16 file is
/// first copied as UTF-8, the encoding the text loader reads.
/// </content>
internal sealed partial class ReadCsv : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.OutputRowsAsync("table", cancellationToken, readFromFile: true).ConfigureAwait(false);
        var path = step.ShippedPath("path", Path);
        var separator = CSharpLiteral.Of(ParseDelimiter()[0]);
        var tokens = MissingValues.Prepend("").Distinct(StringComparer.Ordinal).Select(CSharpLiteral.Of);
        var utf8 = Encoding == "utf-8";
        List<string> read =
        [
            $"var view = ml.Data.LoadFromTextFile<{rows.FieldsName}>({(utf8 ? "path" : "utf8")}, new TextLoader.Options",
            "{",
            $"    HasHeader = {CSharpLiteral.Of(Header)},",
            $"    Separators = [{separator}],",
            "    AllowQuoting = true,",
            "    ReadMultilines = true,",
            "});",
            $"var missing = new HashSet<string>(StringComparer.Ordinal) {{ {string.Join(", ", tokens)} }};",
            $"var table = ml.Data.CreateEnumerable<{rows.FieldsName}>(view, reuseRowObject: false).Select((fields, i) => new {rows.Name}",
            "{",
        ];
        read.AddRange(rows.Shape.Columns.Select(c => $"    {c.Property} = {Field(step, c)},"));
        read.Add("}).ToList();");
        read.Add("logger.LogInformation(\"read {Rows} rows from {File}\", table.Count, path);");
        read.Add("return table;");
        List<string> body = [$"var ml = new MLContext(seed: {step.Seed});", $"var path = {path};"];
        if (utf8)
        {
            body.AddRange(read);
        }
        else
        {
            step.Code.Usings.Add("System.Text");
            body.AddRange(
            [
                $"// ML.NET's text loader reads UTF-8: the {Encoding} file (or the encoding its byte-order mark names) is copied as UTF-8 for it.",
                "var utf8 = Path.GetTempFileName();",
                "try",
                "{",
                $"    File.WriteAllText(utf8, File.ReadAllText(path, {(Encoding == "latin1" ? "Encoding.Latin1" : "Encoding.Unicode")}));",
                .. read.Select(line => "    " + line),
                "}",
                "finally",
                "{",
                "    File.Delete(utf8);",
                "}",
            ]);
        }

        return new StepMethod(
            $"reads {System.IO.Path.GetFileName(Path)} into rows: {rows.Shape.Columns.Count} typed columns, empty fields and {string.Join(", ", MissingValues)} missing",
            [],
            [StepCode.TableOutput("table", rows, "table")],
            body);
    }

    /// <summary>The expression converting a column's field to its type.</summary>
    private static string Field(StepCode step, TableColumn column)
    {
        var field = $"fields.{column.Property}";
        switch (column.Kind)
        {
            case "number":
                step.Code.Usings.Add("System.Globalization");
                step.Code.Member("NumberField", NumberField, step.Name);
                return $"NumberField({field}, missing, {CSharpLiteral.Of(column.Name)}, i + 1)";
            case "boolean":
                step.Code.Member("BooleanField", BooleanField, step.Name);
                return $"BooleanField({field}, missing, {CSharpLiteral.Of(column.Name)}, i + 1)";
            default:
                step.Code.Member("TextField", TextField, step.Name);
                return $"TextField({field}, missing)";
        }
    }

    private const string TextField = """
        /// <summary>A field of a text column: empty (missing) when it is a missing-value token.</summary>
        private static string TextField(string? field, HashSet<string> missing) =>
            field is null || missing.Contains(field) ? "" : field;
        """;

    private const string NumberField = """
        /// <summary>A field of a number column: NaN when it is a missing-value token, else a culture-invariant finite number.</summary>
        private static double NumberField(string? field, HashSet<string> missing, string column, int row) =>
            missing.Contains(field ?? "") ? double.NaN
            : double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && !double.IsInfinity(value) ? value
            : throw new InvalidDataException($"column '{column}', data row {row}: '{field}' is not a finite number");
        """;

    private const string BooleanField = """
        /// <summary>A field of a true/false column: true or false in any case; a missing value is refused.</summary>
        private static bool BooleanField(string? field, HashSet<string> missing, string column, int row) =>
            !missing.Contains(field ?? "") && bool.TryParse(field, out var value) ? value
            : throw new InvalidDataException($"column '{column}', data row {row}: '{field}' is not true or false");
        """;
}
