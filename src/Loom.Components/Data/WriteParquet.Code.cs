using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>
/// The step as code: the rows as a Parquet file the training app saves among its outputs, with the column types
/// the platform's tables have — 64-bit numbers (32-bit where the table holds them so; NaN when missing), booleans,
/// and text (empty when missing) — in one row group.
/// </content>
internal sealed partial class WriteParquet : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        step.Code.Packages.Add("Parquet.Net");
        step.Code.Usings.Add("Parquet");
        step.Code.Usings.Add("Parquet.Schema");
        var columns = rows.Shape.Columns;
        var fields = columns.Select((c, i) => $"        new DataField<{Type(c)}>({CSharpLiteral.Of(c.Name)}{(c.Kind == "text" ? ", false" : "")}){(i < columns.Count - 1 ? "," : ");")}");
        var writes = columns.Select((c, i) => c.Kind switch
        {
            "text" => $"    await group.WriteAsync(schema.DataFields[{i}], table.Select(row => row.{c.Property} ?? \"\").ToArray());",
            _ => $"    await group.WriteAsync(schema.DataFields[{i}], new ReadOnlyMemory<{Type(c)}>([.. table.Select(row => {(c.Single ? "(float)" : "")}row.{c.Property})]));",
        });
        return new StepMethod(
            "writes the rows as Parquet",
            [StepCode.TableInput("table", rows)],
            [new MethodPort("file", "DataFile", "file")],
            [
                "return new DataFile(\"parquet\", async stream =>",
                "{",
                "    var schema = new ParquetSchema(",
                .. fields,
                "    await using var writer = await ParquetWriter.CreateAsync(schema, stream);",
                "    using var group = writer.CreateRowGroup();",
                .. writes,
                "});",
            ]);
    }

    private static string Type(TableColumn column) => column.Kind switch
    {
        "number" => column.Single ? "float" : "double",
        "boolean" => "bool",
        _ => "string",
    };
}
