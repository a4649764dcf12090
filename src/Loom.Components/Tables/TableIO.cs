using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Tables;

/// <summary>Reads and writes table artifacts (Parquet files): whole, or batch by batch for steps that stream.</summary>
internal static class TableIO
{
    /// <summary>Loads a whole table artifact bound to an input port.</summary>
    public static Task<DataFrame> LoadAsync(IComponentContext context, string port) =>
        ParquetTables.ReadAsync(context.GetInput(port).Path, context.CancellationToken);

    /// <summary>Opens a table artifact bound to an input port for reading batch by batch.</summary>
    public static Task<TableReader> OpenAsync(IComponentContext context, string port) =>
        TableReader.OpenAsync(context.GetInput(port).Path, context.CancellationToken);

    /// <summary>A table artifact bound to an input port as a data view that streams its batches.</summary>
    public static Task<TableDataView> ViewAsync(IComponentContext context, string port) =>
        TableDataView.OpenAsync(context.GetInput(port).Path, context.CancellationToken);

    /// <summary>The column roles of a table artifact bound to an input port (none when the port is unbound).</summary>
    public static async Task<ColumnRoles> RolesAsync(IComponentContext context, string port)
    {
        if (!context.HasInput(port))
        {
            return ColumnRoles.None;
        }

        await using var reader = await OpenAsync(context, port).ConfigureAwait(false);
        return reader.Roles;
    }

    /// <summary>
    /// Writes a table to an output port; a data view that is not in memory yet is loaded first.
    /// <paramref name="roles"/> are kept for the columns the table has.
    /// </summary>
    public static Task WriteAsync(IComponentContext context, string port, IDataView table, ColumnRoles? roles = null) =>
        context.WriteOutputAsync(port, (stream, cancellationToken) =>
            ParquetTables.WriteAsync(table as DataFrame ?? table.ToDataFrame(-1), stream, roles, cancellationToken));

    /// <summary>Writes batches to an output port as they come; returns the number of rows written.</summary>
    public static async Task<long> WriteBatchesAsync(IComponentContext context, string port, IAsyncEnumerable<DataFrame> batches, ColumnRoles? roles = null)
    {
        long rows = 0;
        await context.WriteOutputAsync(port, async (stream, cancellationToken) =>
        {
            await using var writer = new TableWriter(stream, roles);
            await foreach (var batch in batches.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
            }

            rows = writer.RowCount;
        }).ConfigureAwait(false);
        return rows;
    }

    /// <summary>
    /// Streams a table from an input port to an output port, changing each batch on the way. The input's
    /// column roles carry over to the columns the output keeps, changed by <paramref name="roles"/> if given.
    /// </summary>
    public static async Task<long> MapAsync(IComponentContext context, string input, string output, Func<DataFrame, DataFrame> change, Func<ColumnRoles, ColumnRoles>? roles = null)
    {
        await using var reader = await OpenAsync(context, input).ConfigureAwait(false);
        var carried = roles is null ? reader.Roles : roles(reader.Roles);
        return await WriteBatchesAsync(context, output, reader.ReadBatchesAsync(context.CancellationToken).Select(change), carried).ConfigureAwait(false);
    }
}
