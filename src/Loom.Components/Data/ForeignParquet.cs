using System.Globalization;
using System.Runtime.CompilerServices;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Parquet;
using Parquet.Schema;

namespace Loom.Components.Data;

/// <summary>A Parquet file written by another tool, read as Loom table batches (one per row group).</summary>
internal sealed class ForeignParquet : IAsyncDisposable
{
    private readonly FileStream file;
    private readonly ParquetReader reader;
    private readonly DataField[] fields;

    private readonly HashSet<string> booleansWithNulls;

    private ForeignParquet(FileStream file, ParquetReader reader, DataField[] fields, HashSet<string> booleansWithNulls)
    {
        this.file = file;
        this.reader = reader;
        this.fields = fields;
        this.booleansWithNulls = booleansWithNulls;
    }

    /// <summary>
    /// Nullable boolean columns that do hold missing values (by the row groups' statistics, or all of them
    /// when a file records none): they become numbers 1/0/missing; the others stay true/false.
    /// </summary>
    private static HashSet<string> NullableBooleansWithNulls(ParquetReader reader, DataField[] fields)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in fields.Where(f => f.IsNullable && (Nullable.GetUnderlyingType(f.ClrType) ?? f.ClrType) == typeof(bool)))
        {
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                if (group.GetStatistics(field) is not { NullCount: 0 })
                {
                    result.Add(field.Name);
                    break;
                }
            }
        }

        return result;
    }

    public int ColumnCount => fields.Length;

    public static async Task<ForeignParquet> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var file = File.OpenRead(path);
        try
        {
            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(file, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
            {
                throw new DataException($"{path}: not a readable Parquet file: {e.Message}");
            }

            var nested = reader.Schema.Fields.FirstOrDefault(f => f is not DataField);
            if (nested is not null)
            {
                await reader.DisposeAsync().ConfigureAwait(false);
                throw new DataException($"{path}: column '{nested.Name}' is nested ({nested.SchemaType}); Loom tables hold flat columns only");
            }

            var fields = reader.Schema.GetDataFields();
            return new ForeignParquet(file, reader, fields, NullableBooleansWithNulls(reader, fields));
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async IAsyncEnumerable<DataFrame> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var g = 0; g < Math.Max(1, reader.RowGroupCount); g++)
        {
            var columns = new List<DataFrameColumn>();
            if (g >= reader.RowGroupCount)
            {
                columns.AddRange(fields.Select(f => Convert(f, Array.Empty<object>(), booleansWithNulls.Contains(f.Name))));
            }
            else
            {
                using var group = reader.OpenRowGroupReader(g);
                foreach (var field in fields)
                {
                    columns.Add(Convert(field, await ReadAsync(group, field, (int)group.RowCount, cancellationToken).ConfigureAwait(false), booleansWithNulls.Contains(field.Name)));
                }
            }

            yield return new DataFrame(columns);
        }
    }

    /// <summary>One column of a row group as boxed values, null where missing.</summary>
    private static async Task<object?[]> ReadAsync(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[rows];
            await group.ReadAsync(field, text.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return text;
        }

        if (type == typeof(byte[]))
        {
            var bytes = new byte[]?[rows];
            await group.ReadAsync(field, bytes.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return bytes;
        }

        return type switch
        {
            _ when type == typeof(bool) => await Values<bool>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(double) => await Values<double>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(float) => await Values<float>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(decimal) => await Values<decimal>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(long) => await Values<long>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(int) => await Values<int>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(short) => await Values<short>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(byte) => await Values<byte>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(sbyte) => await Values<sbyte>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(ulong) => await Values<ulong>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(uint) => await Values<uint>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(ushort) => await Values<ushort>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateTime) => await Values<DateTime>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(DateOnly) => await Values<DateOnly>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ when type == typeof(TimeSpan) => await Values<TimeSpan>(group, field, rows, cancellationToken).ConfigureAwait(false),
            _ => throw new DataException($"column '{field.Name}' has Parquet type {type.Name}, which Loom does not read"),
        };
    }

    private static async Task<object?[]> Values<T>(ParquetRowGroupReader group, DataField field, int rows, CancellationToken cancellationToken)
        where T : struct
    {
        if (!field.IsNullable)
        {
            var required = new T[rows];
            await group.ReadAsync(field, required.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            return required.Select(v => (object?)v).ToArray();
        }

        var values = new T?[rows];
        await group.ReadAsync(field, values.AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return values.Select(v => (object?)v).ToArray();
    }

    private static DataFrameColumn Convert(DataField field, Array values, bool booleanWithNulls)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        var cells = values.Cast<object?>();
        if (type == typeof(bool) && !booleanWithNulls)
        {
            return new BooleanDataFrameColumn(field.Name, cells.Select(v => (bool)v!));
        }

        if (type == typeof(bool) || IsNumeric(type))
        {
            return new DoubleDataFrameColumn(field.Name, cells.Select(v => v switch
            {
                null => double.NaN,
                bool b => b ? 1 : 0,
                _ => Finite(System.Convert.ToDouble(v, CultureInfo.InvariantCulture), field.Name),
            }));
        }

        return new StringDataFrameColumn(field.Name, cells.Select(Text));
    }

    private static double Finite(double value, string column) =>
        double.IsInfinity(value) ? throw new DataException($"column '{column}' holds an infinite number; numbers must be finite (as data.read-csv requires)") : value;

    private static bool IsNumeric(Type type) =>
        type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(int) || type == typeof(long)
        || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte) || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort);

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        byte[] bytes => System.Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public async ValueTask DisposeAsync()
    {
        await reader.DisposeAsync().ConfigureAwait(false);
        await file.DisposeAsync().ConfigureAwait(false);
    }
}
