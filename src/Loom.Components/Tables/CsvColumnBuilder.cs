using System.Runtime.InteropServices;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using nietras.SeparatedValues;

namespace Loom.Components.Tables;

/// <summary>
/// Collects one column of a batch of CSV records as the column's type, straight from the fields' text: numbers
/// and booleans are parsed from spans, and only text columns make strings (shared for repeated short values).
/// </summary>
internal abstract class CsvColumnBuilder(string name, string path, CsvMissingValues missing)
{
    /// <summary>The column name.</summary>
    protected string Name => name;

    /// <summary>The values added since the last <see cref="Build"/>.</summary>
    protected int Count { get; set; }

    /// <summary>A builder for a column of the given type holding up to <paramref name="capacity"/> values per batch.</summary>
    public static CsvColumnBuilder For(ColumnKind kind, string name, int column, int capacity, string path, CsvMissingValues missing, SepToString strings) => kind switch
    {
        ColumnKind.Number => new Numbers(name, capacity, path, missing),
        ColumnKind.Boolean => new Booleans(name, capacity, path, missing),
        _ => new Texts(name, column, capacity, path, missing, strings),
    };

    /// <summary>Adds the next field of the column; <paramref name="dataRow"/> (from 1) names it in errors.</summary>
    public abstract void Add(ReadOnlySpan<char> field, long dataRow);

    /// <summary>The column of the values added since the last call; the builder starts over.</summary>
    public abstract DataFrameColumn Build();

    /// <summary>Whether the field is a missing-value token.</summary>
    protected bool IsMissing(ReadOnlySpan<char> field) => missing.Matches(field);

    /// <summary>A conversion error naming the file, column and data row.</summary>
    protected DataException Refuse(ReadOnlySpan<char> field, long dataRow, string expected, string kind) =>
        new($"{path}: column '{name}', data row {dataRow}: '{field}' is not {expected} (the column is read as {kind})");

    /// <summary>Numbers as 64-bit floats; a missing value is NaN.</summary>
    private sealed class Numbers(string name, int capacity, string path, CsvMissingValues missing) : CsvColumnBuilder(name, path, missing)
    {
        private readonly double[] values = new double[capacity];

        public override void Add(ReadOnlySpan<char> field, long dataRow) =>
            values[Count++] = IsMissing(field) ? double.NaN
                : CsvNumber.TryParseFinite(field, out var value) ? value
                : throw Refuse(field, dataRow, "a finite number", "number");

        public override DataFrameColumn Build()
        {
            var (bytes, valid, length) = Take(values);
            return new DoubleDataFrameColumn(Name, bytes, valid, length, nullCount: 0);
        }
    }

    /// <summary>true/false in any case; a missing value is refused.</summary>
    private sealed class Booleans(string name, int capacity, string path, CsvMissingValues missing) : CsvColumnBuilder(name, path, missing)
    {
        private readonly bool[] values = new bool[capacity];

        public override void Add(ReadOnlySpan<char> field, long dataRow) =>
            values[Count++] = !IsMissing(field) && bool.TryParse(field, out var value) ? value : throw Refuse(field, dataRow, "true or false", "boolean");

        public override DataFrameColumn Build()
        {
            var (bytes, valid, length) = Take(values);
            return new BooleanDataFrameColumn(Name, bytes, valid, length, nullCount: 0);
        }
    }

    /// <summary>Text; a missing value is the empty string.</summary>
    private sealed class Texts(string name, int column, int capacity, string path, CsvMissingValues missing, SepToString strings) : CsvColumnBuilder(name, path, missing)
    {
        private readonly string[] values = new string[capacity];

        public override void Add(ReadOnlySpan<char> field, long dataRow) =>
            values[Count++] = IsMissing(field) ? "" : strings.ToString(field, column);

        public override DataFrameColumn Build()
        {
            var length = Count;
            Count = 0;
            return new StringDataFrameColumn(Name, new ArraySegment<string>(values, 0, length));
        }
    }

    /// <summary>
    /// The values added, as the raw bytes and validity bitmap a primitive column is made from, and starts over.
    /// A column made from bytes takes them as they are, where one made from a sequence appends value by value
    /// (several times slower per batch); the values array is reused for the next batch.
    /// </summary>
    private (byte[] Bytes, byte[] Valid, int Length) Take<T>(T[] values)
        where T : unmanaged
    {
        var length = Count;
        Count = 0;
        var bytes = MemoryMarshal.AsBytes(values.AsSpan(0, length)).ToArray();

        // Every value is present: a missing number is NaN, as everywhere in Loom, not a null.
        var valid = new byte[(length + 7) / 8];
        Array.Fill(valid, byte.MaxValue);
        return (bytes, valid, length);
    }
}
