using System.Text.Json;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Data;

/// <summary>Reads a JSON Lines file.</summary>
[Component("data.read-jsonl", "1.0.0", Example = "events: { component: data.read-jsonl@1, params: { path: data/events.jsonl } }", Category = "data", Description = "Reads a JSON Lines file (one JSON object per line) in two streaming passes: columns are the keys in order of first appearance; a column whose values are all numbers is a number column, all true/false a boolean column (when none is missing), otherwise text; null or an absent key is missing; nested objects and arrays are kept as their JSON text.")]
[Output("table", ArtifactKind.Table, Description = "One row per line.")]
internal sealed partial class ReadJsonLines : IComponent
{
    [Parameter("path", Required = true, InputFile = true, Description = "Path of the .jsonl file, relative to the workspace.")]
    public string Path { get; set; } = "";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var file = new JsonLinesFile(Path);
        var schema = file.Infer(context.CancellationToken);
        context.Logger.LogInformation("column types: {Types}", string.Join(", ", schema.Names.Select((n, c) => $"{n}={schema.Kinds[c].ToString().ToLowerInvariant()}")));
        var rows = await TableIO.WriteBatchesAsync(context, "table", file.ReadBatches(schema, context.CancellationToken).ToAsyncEnumerable()).ConfigureAwait(false);
        context.Logger.LogInformation("read {Rows} rows x {Columns} columns from {File}", rows, schema.Names.Count, System.IO.Path.GetFileName(Path));
    }
}

/// <summary>Writes a table as JSON Lines.</summary>
[Component("data.write-jsonl", "1.0.0", Example = "export: { component: data.write-jsonl@1, inputs: { table: score.table } }", Category = "data", Description = "Writes a table as JSON Lines: one object per row, numbers as JSON numbers, booleans as true/false, text as strings, missing values as null. Streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table to write.")]
[Output("file", ArtifactKind.File, Description = "The .jsonl file.", Extension = "jsonl")]
internal sealed partial class WriteJsonLines : IComponent
{
    public async Task ExecuteAsync(IComponentContext context)
    {
        await using var table = await TableIO.OpenAsync(context, "table").ConfigureAwait(false);
        await context.WriteOutputAsync("file", async (stream, cancellationToken) =>
        {
            await using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
            await foreach (var batch in table.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
            {
                for (long row = 0; row < batch.Rows.Count; row++)
                {
                    json.WriteStartObject();
                    foreach (var column in batch.Columns)
                    {
                        json.WritePropertyName(column.Name);
                        switch (column[row])
                        {
                            case double d when double.IsNaN(d):
                            case float f when float.IsNaN(f):
                            case null or "":
                                json.WriteNullValue();
                                break;
                            case double d when double.IsInfinity(d):
                            case float f when float.IsInfinity(f):
                                throw new DataException($"step '{context.StepName}': column '{column.Name}', row {row + 1}: JSON has no infinite numbers; replace them first (table.derive)");
                            case double d:
                                json.WriteNumberValue(d);
                                break;
                            case float f:
                                json.WriteNumberValue(f);
                                break;
                            case bool b:
                                json.WriteBooleanValue(b);
                                break;
                            case var other:
                                json.WriteStringValue(CellText.Of(other));
                                break;
                        }
                    }

                    json.WriteEndObject();
                    await json.FlushAsync(cancellationToken).ConfigureAwait(false);
                    stream.WriteByte((byte)'\n');
                    json.Reset(stream);
                }
            }
        }).ConfigureAwait(false);
    }
}
