using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: the rows as a JSON Lines file the training app saves among its outputs — one object per
/// row, numbers as JSON numbers (32-bit where the table holds them so), missing values as null.
/// </content>
internal sealed partial class WriteJsonLines : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        step.Code.Usings.Add("System.Text.Json");
        var writes = new List<string>();
        foreach (var c in rows.Shape.Columns)
        {
            var name = CSharpLiteral.Of(c.Name);
            switch (c.Kind)
            {
                case "number":
                    var type = c.Single ? "float" : "double";
                    step.Code.Member($"JsonNumber({type})", $$"""
                        /// <summary>Writes a number property: null when missing; JSON has no infinite numbers.</summary>
                        private static void JsonNumber(Utf8JsonWriter json, string name, {{type}} value, int row)
                        {
                            if ({{type}}.IsNaN(value))
                            {
                                json.WriteNull(name);
                            }
                            else
                            {
                                json.WriteNumber(name, {{type}}.IsFinite(value) ? value : throw new InvalidDataException($"column '{name}', row {row}: JSON has no infinite numbers; replace them first"));
                            }
                        }
                        """, step.Name);
                    writes.Add($"JsonNumber(json, {name}, {(c.Single ? "(float)" : "")}row.{c.Property}, line);");
                    break;
                case "boolean":
                    writes.Add($"json.WriteBoolean({name}, row.{c.Property});");
                    break;
                default:
                    step.Code.Member("JsonText", """
                        /// <summary>Writes a text property: null when missing.</summary>
                        private static void JsonText(Utf8JsonWriter json, string name, string? value)
                        {
                            if (string.IsNullOrEmpty(value))
                            {
                                json.WriteNull(name);
                            }
                            else
                            {
                                json.WriteString(name, value);
                            }
                        }
                        """, step.Name);
                    writes.Add($"JsonText(json, {name}, row.{c.Property});");
                    break;
            }
        }

        // Row numbers are only for the error about an infinite number.
        var numbered = rows.Shape.Columns.Any(c => c.Kind == "number");
        return new StepMethod(
            "writes the rows as JSON Lines",
            [StepCode.TableInput("table", rows)],
            [new MethodPort("file", "DataFile", "file")],
            [
                "return new DataFile(\"jsonl\", async stream =>",
                "{",
                "    await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });",
                .. numbered ? ["    var line = 0;"] : Array.Empty<string>(),
                "    foreach (var row in table)",
                "    {",
                .. numbered ? ["        line++;"] : Array.Empty<string>(),
                "        json.WriteStartObject();",
                .. writes.Select(w => "        " + w),
                "        json.WriteEndObject();",
                "        await json.FlushAsync();",
                "        stream.WriteByte((byte)'\\n');",
                "        json.Reset(stream);",
                "    }",
                "});",
            ]);
    }
}
