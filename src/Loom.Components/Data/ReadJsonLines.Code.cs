using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: each non-blank line parsed as one JSON object, and each column read by the type the run
/// found for it — a number (null or absent is missing), true/false, or text (null or absent is missing; a
/// nested object or array is kept as its JSON text).
/// </content>
internal sealed partial class ReadJsonLines : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var path = step.ShippedPath("path", Path);
        step.Code.Usings.Add("System.Text.Json");
        step.Code.Member("JsonObjectOf", JsonObjectOf, step.Name);
        var values = rows.Shape.Columns.Select(c =>
            $"        {c.Property} = {step.ColumnReader(c, ("JsonNumberOf", JsonNumberOf), ("JsonBooleanOf", JsonBooleanOf), ("JsonTextOf", JsonTextOf))}(line, {CSharpLiteral.Of(c.Name)}{(c.Kind == "text" ? "" : ", path, number")}),").ToList();

        return new StepMethod(
            $"reads {System.IO.Path.GetFileName(Path)} into rows: one JSON object per line, {rows.Shape.Columns.Count} typed columns",
            [],
            [StepCode.TableOutput("table", rows, "table")],
            [
                $"var path = {path};",
                $"var table = new List<{rows.Name}>();",
                "var number = 0;",
                "foreach (var text in File.ReadLines(path))",
                "{",
                "    number++;",
                "    if (string.IsNullOrWhiteSpace(text))",
                "    {",
                "        continue;",
                "    }",
                "",
                "    using var document = JsonObjectOf(text, path, number);",
                "    var line = document.RootElement;",
                $"    table.Add(new {rows.Name}",
                "    {",
                .. values,
                "    });",
                "}",
                "",
                "logger.LogInformation(\"read {Rows} rows from {File}\", table.Count, path);",
                "return table;",
            ]);
    }

    private const string JsonObjectOf = """
        /// <summary>A line of a JSON Lines file as a JSON document whose root is an object.</summary>
        private static JsonDocument JsonObjectOf(string text, string path, int number)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{number}: not valid JSON: {e.Message}", e);
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                var kind = document.RootElement.ValueKind;
                document.Dispose();
                throw new InvalidDataException($"{path}:{number}: a line must hold one JSON object, found {kind.ToString().ToLowerInvariant()}");
            }

            return document;
        }
        """;

    private const string JsonNumberOf = """
        /// <summary>A number column's value: NaN when null or absent.</summary>
        private static double JsonNumberOf(JsonElement line, string name, string path, int number) =>
            !line.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? double.NaN
            : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
            : throw new InvalidDataException($"{path}:{number}: '{name}' is {value.ValueKind.ToString().ToLowerInvariant()}, not a number");
        """;

    private const string JsonBooleanOf = """
        /// <summary>A true/false column's value; a missing one is refused.</summary>
        private static bool JsonBooleanOf(JsonElement line, string name, string path, int number) =>
            line.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
            : throw new InvalidDataException($"{path}:{number}: '{name}' is not true or false");
        """;

    private const string JsonTextOf = """
        /// <summary>A text column's value: empty (missing) when null or absent, a nested value as its JSON text.</summary>
        private static string JsonTextOf(JsonElement line, string name) =>
            !line.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? ""
            : value.ValueKind == JsonValueKind.String ? value.GetString() ?? ""
            : value.GetRawText();
        """;
}
