using Microsoft.Data.Analysis;

namespace Loom.Sdk.Tables;

/// <summary>
/// A step's table inputs and outputs, through its context: read whole or batch by batch, written whole, batch by
/// batch, or mapped from an input batch by batch. Column roles (label, weight, group, ids) travel with the tables.
/// </summary>
public static class ContextTables
{
    /// <summary>Reads the whole table bound to an input port (for work that needs every row at once, such as training).</summary>
    public static Task<DataFrame> ReadTableAsync(this IComponentContext context, string port)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ParquetTables.ReadAsync(context.GetInput(port).Path, context.CancellationToken);
    }

    /// <summary>Opens the table bound to an input port for reading batch by batch, so a large table is never held whole.</summary>
    public static Task<TableReader> OpenTableAsync(this IComponentContext context, string port)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TableReader.OpenAsync(context.GetInput(port).Path, context.CancellationToken);
    }

    /// <summary>The column roles of the table bound to an input port; none when the port is not bound.</summary>
    public static async Task<ColumnRoles> TableRolesAsync(this IComponentContext context, string port)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.HasInput(port))
        {
            return ColumnRoles.None;
        }

        await using var reader = await context.OpenTableAsync(port).ConfigureAwait(false);
        return reader.Roles;
    }

    /// <summary>Writes a whole table to an output port; <paramref name="roles"/> are kept for the columns it has.</summary>
    public static Task WriteTableAsync(this IComponentContext context, string port, DataFrame table, ColumnRoles? roles = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.WriteOutputAsync(port, (stream, cancellationToken) => ParquetTables.WriteAsync(table, stream, roles, cancellationToken));
    }

    /// <summary>Writes batches to an output port as they come; returns the number of rows written.</summary>
    public static async Task<long> WriteTableBatchesAsync(this IComponentContext context, string port, IAsyncEnumerable<DataFrame> batches, ColumnRoles? roles = null)
    {
        ArgumentNullException.ThrowIfNull(context);
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
    /// Streams a table from an input port to an output port, changing each batch on the way; returns the rows written.
    /// The input's column roles carry over to the columns the output keeps, changed by <paramref name="roles"/> if given.
    /// </summary>
    public static async Task<long> MapTableAsync(this IComponentContext context, string input, string output, Func<DataFrame, DataFrame> change, Func<ColumnRoles, ColumnRoles>? roles = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var reader = await context.OpenTableAsync(input).ConfigureAwait(false);
        var carried = roles is null ? reader.Roles : roles(reader.Roles);
        return await context.WriteTableBatchesAsync(output, reader.ReadBatchesAsync(context.CancellationToken).Select(change), carried).ConfigureAwait(false);
    }
}
