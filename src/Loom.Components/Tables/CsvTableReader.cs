using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Tables;

/// <summary>
/// Reads a CSV file into a typed table in two streaming passes, so memory holds one batch of rows, not the
/// file: the first pass infers each column's type from every value, the second converts and writes
/// batches. RFC 4180 quoting, missing-value tokens, culture-invariant numbers.
/// </summary>
internal sealed class CsvTableReader(string path, CsvReadOptions options)
{
    /// <summary>Pass one: the columns, their types (inferred unless overridden) and the row count.</summary>
    public CsvSchema Infer(CancellationToken cancellationToken)
    {
        List<string>? names = null;
        Inference[] columns = [];
        long rows = 0;
        foreach (var (header, cells) in Records(cancellationToken))
        {
            if (names is null)
            {
                names = header;
                CheckOverrides(names);
                columns = names.Select(n => new Inference(n, options.Overrides.ContainsKey(n))).ToArray();
            }

            rows++;
            for (var c = 0; c < cells.Length; c++)
            {
                columns[c].See(cells[c], rows, path);
            }
        }

        if (names is null)
        {
            throw new DataException($"{path}: the file has a header but no data rows");
        }

        var kinds = names.Select((n, c) => options.Overrides.TryGetValue(n, out var forced) ? forced : columns[c].Kind).ToArray();
        return new CsvSchema(names, kinds, rows);
    }

    /// <summary>Pass two: converts each row to the schema's types and hands over batches of rows.</summary>
    public IEnumerable<DataFrame> ReadBatches(CsvSchema schema, CancellationToken cancellationToken)
    {
        var batch = new List<string?[]>(ParquetTables.BatchRows);
        long first = 1;
        foreach (var (_, cells) in Records(cancellationToken))
        {
            batch.Add(cells);
            if (batch.Count == ParquetTables.BatchRows)
            {
                yield return Build(schema, batch, first);
                first += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0 || first == 1)
        {
            yield return Build(schema, batch, first);
        }
    }

    private void CheckOverrides(List<string> names)
    {
        var unknown = options.Overrides.Keys.Where(k => !names.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DataException($"{path}: column_types names column(s) {string.Join(", ", unknown)} that the file does not have; its columns are {string.Join(", ", names)}");
        }
    }

    /// <summary>Data records with missing tokens as null, each with the header's column names.</summary>
    private IEnumerable<(List<string> Names, string?[] Cells)> Records(CancellationToken cancellationToken)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Delimiter,
            HasHeaderRecord = false,
            BadDataFound = args => throw new DataException($"{path}:{args.Context.Parser?.RawRow}: malformed quoting in field '{args.Field}'"),
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
        };
        using var reader = new StreamReader(path, options.Encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        using var csv = new CsvParser(reader, config);
        List<string>? names = null;
        while (csv.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = csv.Record ?? [];
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue; // blank line
            }

            if (names is null)
            {
                names = options.HasHeader ? Header(record) : Enumerable.Range(1, record.Length).Select(i => $"column_{i}").ToList();
                if (options.HasHeader)
                {
                    continue;
                }
            }

            if (record.Length != names.Count)
            {
                throw new DataException($"{path}:{csv.RawRow}: row has {record.Length} field(s) but the header has {names.Count}; check the delimiter and quoting of that line");
            }

            var cells = new string?[record.Length];
            for (var c = 0; c < record.Length; c++)
            {
                cells[c] = options.MissingTokens.Contains(record[c]) ? null : record[c];
            }

            yield return (names, cells);
        }

        if (names is null)
        {
            throw new DataException($"{path}: the file is empty; expected a header row and data rows");
        }
    }

    private List<string> Header(string[] record)
    {
        var names = record.Select(n => n.Trim()).ToList();
        var blank = names.FindIndex(n => n.Length == 0);
        if (blank >= 0)
        {
            throw new DataException($"{path}:1: header column {blank + 1} has no name");
        }

        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? names : throw new DataException($"{path}:1: column '{duplicate.Key}' appears twice in the header");
    }

    /// <summary>Parses a finite number; "nan" in any case (as numpy writes it) is a missing number.</summary>
    internal static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsInfinity(number);

    private DataFrame Build(CsvSchema schema, List<string?[]> rows, long firstRow) =>
        new(schema.Names.Select((name, c) => Column(name, schema.Kinds[c], rows, c, firstRow)));

    private DataFrameColumn Column(string name, ColumnKind kind, List<string?[]> rows, int c, long firstRow)
    {
        switch (kind)
        {
            case ColumnKind.Number:
                var numbers = new double[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    var cell = rows[r][c];
                    numbers[r] = cell is null ? double.NaN
                        : TryNumber(cell, out var value) ? value
                        : throw new DataException($"{path}: column '{name}', data row {firstRow + r}: '{cell}' is not a finite number (the column is read as number)");
                }

                return new DoubleDataFrameColumn(name, numbers);
            case ColumnKind.Boolean:
                var flags = new bool[rows.Count];
                for (var r = 0; r < rows.Count; r++)
                {
                    flags[r] = rows[r][c] is { } cell && bool.TryParse(cell, out var value)
                        ? value
                        : throw new DataException($"{path}: column '{name}', data row {firstRow + r}: '{rows[r][c]}' is not true or false (the column is read as boolean)");
                }

                return new BooleanDataFrameColumn(name, flags);
            default:
                return new StringDataFrameColumn(name, rows.Select(row => row[c] ?? ""));
        }
    }

    /// <summary>What the values seen so far allow a column to be.</summary>
    private sealed class Inference(string name, bool overridden)
    {
        private bool sawValue;
        private bool number = true;
        private bool boolean = true;

        public ColumnKind Kind => !sawValue ? ColumnKind.Text : boolean ? ColumnKind.Boolean : number ? ColumnKind.Number : ColumnKind.Text;

        public void See(string? value, long row, string path)
        {
            if (overridden || (!number && !boolean))
            {
                return;
            }

            if (value is null)
            {
                boolean = false;
                return;
            }

            sawValue = true;
            if (number && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsInfinity(parsed))
            {
                throw new DataException($"{path}: column '{name}', data row {row}: '{value}' is infinite; numbers must be finite (list it in missing_values to read it as missing)");
            }

            number &= TryNumber(value, out _);
            boolean &= bool.TryParse(value, out _);
        }
    }
}

/// <summary>The columns of a CSV file with their types, and how many data rows it has.</summary>
internal sealed record CsvSchema(IReadOnlyList<string> Names, IReadOnlyList<ColumnKind> Kinds, long Rows);
