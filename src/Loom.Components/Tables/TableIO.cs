using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Tables;

/// <summary>Reads and writes table artifacts (Parquet files) as in-memory tables that ML.NET can read as data views.</summary>
internal static class TableIO
{
    /// <summary>Loads a table artifact bound to an input port.</summary>
    public static Task<DataFrame> LoadAsync(IComponentContext context, string port) =>
        ParquetTables.ReadAsync(context.GetInput(port).Path, context.CancellationToken);

    /// <summary>Writes a table to an output port; a data view that is not in memory yet is loaded first.</summary>
    public static Task WriteAsync(IComponentContext context, string port, IDataView table) =>
        context.WriteOutputAsync(port, (stream, cancellationToken) =>
            ParquetTables.WriteAsync(table as DataFrame ?? table.ToDataFrame(-1), stream, cancellationToken));
}
