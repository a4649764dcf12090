using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Data;

/// <summary>Reads a Parquet file made by any tool.</summary>
[Component("data.read-parquet", "1.0.0", Example = "load: { component: data.read-parquet@1, params: { path: data/orders.parquet } }", Category = "data", Description = "Reads a Parquet file (from pandas, Spark, DuckDB or any other tool) row group by row group: numeric columns become numbers (missing values NaN), booleans true/false (booleans that hold missing values become numbers 1/0/missing), text, dates and everything else text (dates in ISO 8601). Nested columns (lists, maps, structs) are refused.")]
[Output("table", ArtifactKind.Table, Description = "The rows of the file.")]
internal sealed partial class ReadParquet : IComponent
{
    [Parameter("path", Required = true, InputFile = true, Description = "Path of the Parquet file, relative to the workspace.")]
    public string Path { get; set; } = "";

    public async Task ExecuteAsync(IComponentContext context)
    {
        await using var file = await ForeignParquet.OpenAsync(Path, context.CancellationToken).ConfigureAwait(false);
        var rows = await TableIO.WriteBatchesAsync(context, "table", file.ReadBatchesAsync(context.CancellationToken)).ConfigureAwait(false);
        context.Logger.LogInformation("read {Rows} rows x {Columns} columns from {File}", rows, file.ColumnCount, System.IO.Path.GetFileName(Path));
    }
}

/// <summary>Writes a table as a Parquet file artifact.</summary>
[Component("data.write-parquet", "1.0.0", Example = "export: { component: data.write-parquet@1, inputs: { table: score.table } }", Category = "data", Description = "Writes a table as a Parquet file any data tool reads (numbers as doubles, booleans, text as UTF-8 strings); fetch it with 'loom artifacts get'.")]
[Input("table", ArtifactKind.Table, Description = "The table to write.")]
[Output("file", ArtifactKind.File, Description = "The Parquet file.", Extension = "parquet")]
internal sealed partial class WriteParquet : IComponent
{
    public Task ExecuteAsync(IComponentContext context) =>
        context.WriteOutputAsync("file", async (stream, cancellationToken) =>
        {
            // A table artifact already is a standard Parquet file: copy its bytes.
            await using var table = File.OpenRead(context.GetInput("table").Path);
            await table.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        });
}
