using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: the rows as a CSV file the training app saves among its outputs — a header, each value as
/// the platform writes it (culture-invariant numbers, true/false, missing as empty) and the platform's quoting.
/// </content>
internal sealed partial class WriteCsv : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var delimiter = Delimiter is "tab" or "\\t" ? '\t' : Delimiter.Length == 1 ? Delimiter[0]
            : throw step.Unsupported($"delimiter must be one character or 'tab', found '{Delimiter}'");
        if (rows.Shape.Columns.Any(c => c.Kind == "number"))
        {
            step.Code.Usings.Add("System.Globalization");
        }

        step.Code.Usings.Add("System.Text");
        step.Code.Member("CsvLine", """
            /// <summary>One line of a CSV file: a field is quoted (its quotes doubled) when it holds a quote, the delimiter or a line break, or starts or ends with a space.</summary>
            private static string CsvLine(char delimiter, string[] fields) =>
                string.Join(delimiter, fields.Select(field => field.Length > 0 && (field[0] == ' ' || field[^1] == ' ' || field.AsSpan().IndexOfAny('"', delimiter, '\n') >= 0)
                    ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                    : field)) + "\n";
            """, step.Name);
        var d = CSharpLiteral.Of(delimiter);
        return new StepMethod(
            "writes the rows as CSV",
            [StepCode.TableInput("table", rows)],
            [new MethodPort("file", "DataFile", "file")],
            [
                "return new DataFile(\"csv\", async stream =>",
                "{",
                "    await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);",
                $"    await writer.WriteAsync(CsvLine({d}, [{string.Join(", ", rows.Shape.Columns.Select(c => CSharpLiteral.Of(c.Name)))}]));",
                "    foreach (var row in table)",
                "    {",
                $"        await writer.WriteAsync(CsvLine({d}, [{string.Join(", ", rows.Shape.Columns.Select(c => c.TextOf("row")))}]));",
                "    }",
                "});",
            ]);
    }
}
