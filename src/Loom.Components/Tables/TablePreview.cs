using Microsoft.Data.Analysis;

namespace Loom.Components.Tables;

/// <summary>A column of a previewed table: its name and value type (<c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c> or <c>datetime</c>).</summary>
/// <param name="Name">Column name.</param>
/// <param name="Type">Value type.</param>
public sealed record PreviewColumn(string Name, string Type);

/// <summary>The first rows of a table artifact, for people looking at it (the builder's column pickers and previews).</summary>
/// <param name="Columns">Every column, in order.</param>
/// <param name="Rows">The first rows; a cell is null, a bool, a number or a string.</param>
/// <param name="TotalRows">How many rows the whole table has.</param>
public sealed record TablePreview(IReadOnlyList<PreviewColumn> Columns, IReadOnlyList<object?[]> Rows, long TotalRows)
{
    /// <summary>Reads the schema and at most <paramref name="limit"/> rows of the table stored at <paramref name="path"/>.</summary>
    /// <exception cref="Sdk.DataException">The file is not a Loom table.</exception>
    public static async Task<TablePreview> ReadAsync(string path, int limit, CancellationToken cancellationToken = default)
    {
        await using var reader = await TableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        var rows = new List<object?[]>();
        IReadOnlyList<PreviewColumn>? columns = null;
        for (var batch = 0; batch < reader.BatchCount && (columns is null || rows.Count < limit); batch++)
        {
            var frame = await reader.ReadBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            columns ??= [.. frame.Columns.Select(c => new PreviewColumn(c.Name, TypeOf(c)))];
            for (long r = 0; r < frame.Rows.Count && rows.Count < limit; r++)
            {
                rows.Add([.. frame.Columns.Select(c => Cell(c[r]))]);
            }
        }

        return new TablePreview(columns ?? [.. reader.ColumnNames.Select(n => new PreviewColumn(n, "string"))], rows, reader.RowCount);
    }

    private static string TypeOf(DataFrameColumn column) => column.DataType switch
    {
        var t when t == typeof(bool) => "boolean",
        var t when t == typeof(float) || t == typeof(double) || t == typeof(decimal) => "number",
        var t when t == typeof(DateTime) || t == typeof(DateTimeOffset) => "datetime",
        var t when t == typeof(string) => "string",
        var t when t.IsPrimitive => "integer",
        _ => "string",
    };

    private static object? Cell(object? value) => value switch
    {
        null => null,
        bool or string or int or long or short or byte or sbyte or uint or ushort or ulong => value,
        float f => float.IsFinite(f) ? (double)f : null,
        double d => double.IsFinite(d) ? d : null,
        _ => CellText.Of(value),
    };
}
