using Loom.Sdk;
using Microsoft.Data.Analysis;
using nietras.SeparatedValues;

namespace Loom.Components.Tables;

/// <summary>
/// Reads a CSV file into a typed table in two streaming passes, so memory holds one batch of rows, not the
/// file: the first pass infers each column's type from every value, the second converts and hands over
/// batches. RFC 4180 quoting, missing-value tokens, culture-invariant numbers. Fields are parsed from spans
/// into one typed array per column and batch; only text columns make strings.
/// </summary>
internal sealed class CsvTableReader(string path, CsvReadOptions options)
{
    // Text values up to this length are shared between the rows of a column that repeat them (categories).
    private const int SharedTextLength = 32;

    private readonly CsvMissingValues missing = new(options.MissingTokens);

    /// <summary>Pass one: the columns, their types (inferred unless overridden) and the row count.</summary>
    public CsvSchema Infer(CancellationToken cancellationToken)
    {
        using var records = CsvRecordReader.Open(path, options, cancellationToken);
        var names = records.Names;
        CheckOverrides(names);
        var columns = names.Select(n => new CsvColumnInference(n, options.Overrides.ContainsKey(n), path)).ToArray();
        while (records.MoveNext(cancellationToken))
        {
            for (var c = 0; c < columns.Length; c++)
            {
                if (!columns[c].Settled)
                {
                    var field = records.Field(c);
                    columns[c].See(field, missing.Matches(field), records.DataRow);
                }
            }
        }

        if (records.DataRow == 0)
        {
            throw new DataException($"{path}: the file has a header but no data rows");
        }

        var kinds = names.Select((n, c) => options.Overrides.TryGetValue(n, out var forced) ? forced : columns[c].Kind).ToArray();
        return new CsvSchema([.. names], kinds, records.DataRow);
    }

    /// <summary>Pass two: converts each record to the schema's types and hands over batches of rows.</summary>
    public IEnumerable<DataFrame> ReadBatches(CsvSchema schema, CancellationToken cancellationToken)
    {
        using var records = CsvRecordReader.Open(path, options, cancellationToken);
        using var strings = SepToString.PoolPerCol(SharedTextLength)(null, schema.Names.Count);
        var columns = schema.Names.Select((n, c) => CsvColumnBuilder.For(schema.Kinds[c], n, c, ParquetTables.BatchRows, path, missing, strings)).ToArray();
        var rows = 0;
        while (records.MoveNext(cancellationToken))
        {
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c].Add(records.Field(c), records.DataRow);
            }

            if (++rows == ParquetTables.BatchRows)
            {
                yield return new DataFrame(columns.Select(b => b.Build()));
                rows = 0;
            }
        }

        if (rows > 0 || records.DataRow == 0)
        {
            yield return new DataFrame(columns.Select(b => b.Build()));
        }
    }

    private void CheckOverrides(IReadOnlyList<string> names)
    {
        var unknown = options.Overrides.Keys.Where(k => !names.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DataException($"{path}: column_types names column(s) {string.Join(", ", unknown)} that the file does not have; its columns are {string.Join(", ", names)}");
        }
    }
}

/// <summary>The columns of a CSV file with their types, and how many data rows it has.</summary>
internal sealed record CsvSchema(IReadOnlyList<string> Names, IReadOnlyList<ColumnKind> Kinds, long Rows);
