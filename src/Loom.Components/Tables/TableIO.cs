using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Tables;

/// <summary>
/// Reads and writes table artifacts for the built-in components: the SDK's table access (<see cref="ContextTables"/>),
/// and what only ML.NET's data views need.
/// </summary>
internal static class TableIO
{
    /// <summary>Loads a whole table artifact bound to an input port.</summary>
    public static Task<DataFrame> LoadAsync(IComponentContext context, string port) => context.ReadTableAsync(port);

    /// <summary>Opens a table artifact bound to an input port for reading batch by batch.</summary>
    public static Task<TableReader> OpenAsync(IComponentContext context, string port) => context.OpenTableAsync(port);

    /// <summary>A table artifact bound to an input port as a data view that streams its batches.</summary>
    public static Task<TableDataView> ViewAsync(IComponentContext context, string port) =>
        TableDataView.OpenAsync(context.GetInput(port).Path, context.CancellationToken);

    /// <summary>The column roles of a table artifact bound to an input port (none when the port is unbound).</summary>
    public static Task<ColumnRoles> RolesAsync(IComponentContext context, string port) => context.TableRolesAsync(port);

    /// <summary>
    /// Writes a table to an output port; a data view that is not in memory yet is loaded first.
    /// <paramref name="roles"/> are kept for the columns the table has.
    /// </summary>
    public static Task WriteAsync(IComponentContext context, string port, IDataView table, ColumnRoles? roles = null) =>
        context.WriteTableAsync(port, table as DataFrame ?? table.ToDataFrame(-1), roles);

    /// <summary>Writes batches to an output port as they come; returns the number of rows written.</summary>
    public static Task<long> WriteBatchesAsync(IComponentContext context, string port, IAsyncEnumerable<DataFrame> batches, ColumnRoles? roles = null) =>
        context.WriteTableBatchesAsync(port, batches, roles);

    /// <summary>Streams a table from an input port to an output port, changing each batch on the way.</summary>
    public static Task<long> MapAsync(IComponentContext context, string input, string output, Func<DataFrame, DataFrame> change, Func<ColumnRoles, ColumnRoles>? roles = null) =>
        context.MapTableAsync(input, output, change, roles);
}
