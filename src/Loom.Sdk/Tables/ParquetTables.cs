using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;

namespace Loom.Sdk.Tables;

/// <summary>
/// Table artifacts as Parquet: a columnar format every data tool reads, and deterministic, so the same
/// table always has the same bytes and so the same hash (which keeps downstream cache keys stable).
/// Tables are read and written one row group (a batch of at most <see cref="BatchRows"/> rows) at a
/// time, so a step that works row by row holds one batch in memory, not the table.
/// Numbers are 64-bit floats with NaN for missing; text uses "" for missing.
/// </summary>
public static class ParquetTables
{
    /// <summary>Rows per row group, and so per batch held in memory.</summary>
    public const int BatchRows = 65_536;

    /// <summary>Reads a whole table into memory (for steps that need every row at once, such as training).</summary>
    public static async Task<DataFrame> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var reader = await TableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAllAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes a whole in-memory table.</summary>
    public static async Task WriteAsync(DataFrame table, Stream stream, ColumnRoles? roles, CancellationToken cancellationToken)
    {
        await using var writer = new TableWriter(stream, roles);
        await writer.WriteAsync(table, cancellationToken).ConfigureAwait(false);
    }

    internal static DataField Field(DataFrameColumn column) => column switch
    {
        SingleDataFrameColumn => new DataField<float>(column.Name),
        DoubleDataFrameColumn => new DataField<double>(column.Name),
        BooleanDataFrameColumn => new DataField<bool>(column.Name),
        Int32DataFrameColumn => new DataField<int>(column.Name),
        Int64DataFrameColumn => new DataField<long>(column.Name),
        StringDataFrameColumn => new DataField<string>(column.Name, false),
        _ => throw new DataException($"column '{column.Name}' has type {column.DataType.Name}, which a table artifact cannot hold"),
    };

    internal static Task WriteColumnAsync(ParquetRowGroupWriter group, DataField field, DataFrameColumn column, long start, int count, CancellationToken cancellationToken) => column switch
    {
        SingleDataFrameColumn c => group.WriteAsync(field, Slice(c, start, count, float.NaN), cancellationToken: cancellationToken),
        DoubleDataFrameColumn c => group.WriteAsync(field, Slice(c, start, count, double.NaN), cancellationToken: cancellationToken),
        BooleanDataFrameColumn c => group.WriteAsync(field, Slice(c, start, count, false), cancellationToken: cancellationToken),
        Int32DataFrameColumn c => group.WriteAsync(field, Slice(c, start, count, 0), cancellationToken: cancellationToken),
        Int64DataFrameColumn c => group.WriteAsync(field, Slice(c, start, count, 0L), cancellationToken: cancellationToken),
        _ => group.WriteAsync(field, Enumerable.Range(0, count).Select(i => (string?)column[start + i] ?? "").ToArray()),
    };

    private static ReadOnlyMemory<T> Slice<T>(PrimitiveDataFrameColumn<T> column, long start, int count, T missing)
        where T : unmanaged
    {
        var values = new T[count];
        if (column.NullCount == 0)
        {
            // No nulls: copy the column's buffers block by block instead of value by value.
            long offset = 0;
            foreach (var buffer in column.GetReadOnlyDataBuffers())
            {
                var from = Math.Max(start, offset);
                var to = Math.Min(start + count, offset + buffer.Length);
                if (from < to)
                {
                    buffer.Span.Slice((int)(from - offset), (int)(to - from)).CopyTo(values.AsSpan((int)(from - start)));
                }

                offset += buffer.Length;
            }

            return values;
        }

        for (var i = 0; i < count; i++)
        {
            values[i] = column[start + i] ?? missing;
        }

        return values;
    }

    /// <summary>Reads one column of a row group as a plain array (string[], double[], float[], bool[], int[] or long[]).</summary>
    internal static async Task<Array> ReadColumnAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        switch (field.ClrType)
        {
            case var t when IsText(t):
                var text = new string?[rows];
                await group.ReadAsync(field, text.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
                return text.Select(t => t ?? "").ToArray();
            case var t when t == typeof(float):
                return await Read<float>(group, field, rows, cancellationToken).ConfigureAwait(false);
            case var t when t == typeof(double):
                return await Read<double>(group, field, rows, cancellationToken).ConfigureAwait(false);
            case var t when t == typeof(bool):
                return await Read<bool>(group, field, rows, cancellationToken).ConfigureAwait(false);
            case var t when t == typeof(int):
                return await Read<int>(group, field, rows, cancellationToken).ConfigureAwait(false);
            case var t when t == typeof(long):
                return await Read<long>(group, field, rows, cancellationToken).ConfigureAwait(false);
            default:
                throw new DataException($"column '{field.Name}' has Parquet type {field.ClrType.Name}, which Loom does not read");
        }
    }

    /// <summary>Builds a table column from the arrays read from one or more row groups.</summary>
    internal static DataFrameColumn Column(DataField field, IReadOnlyList<Array> parts) => field.ClrType switch
    {
        var t when IsText(t) => new StringDataFrameColumn(field.Name, parts.SelectMany(p => (string[])p)),
        var t when t == typeof(float) => new SingleDataFrameColumn(field.Name, parts.SelectMany(p => (float[])p)),
        var t when t == typeof(double) => new DoubleDataFrameColumn(field.Name, parts.SelectMany(p => (double[])p)),
        var t when t == typeof(bool) => new BooleanDataFrameColumn(field.Name, parts.SelectMany(p => (bool[])p)),
        var t when t == typeof(int) => new Int32DataFrameColumn(field.Name, parts.SelectMany(p => (int[])p)),
        _ => new Int64DataFrameColumn(field.Name, parts.SelectMany(p => (long[])p)),
    };

    // Parquet.Net may describe text columns as ReadOnlyMemory<char>; both read as strings.
    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    private static async Task<T[]> Read<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        var values = new T[rows];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return values;
    }
}
