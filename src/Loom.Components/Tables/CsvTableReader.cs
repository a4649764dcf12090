using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Tables;

/// <summary>Reads a CSV file into a typed table: RFC 4180 quoting, missing-value tokens, culture-invariant numbers, type inference.</summary>
internal static class CsvTableReader
{
    public static (DataFrame Table, IReadOnlyDictionary<string, ColumnKind> Kinds) Read(string path, CsvReadOptions options, CancellationToken cancellationToken)
    {
        var (names, rows) = ReadCells(path, options, cancellationToken);
        var unknown = options.Overrides.Keys.Where(k => !names.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new DataException($"{path}: column_types names column(s) {string.Join(", ", unknown)} that the file does not have; its columns are {string.Join(", ", names)}");
        }

        var columns = new List<DataFrameColumn>();
        var kinds = new Dictionary<string, ColumnKind>();
        for (var c = 0; c < names.Count; c++)
        {
            var kind = options.Overrides.TryGetValue(names[c], out var forced) ? forced : Infer(path, names[c], rows, c);
            kinds[names[c]] = kind;
            columns.Add(Build(path, names[c], kind, rows, c));
        }

        return (new DataFrame(columns), kinds);
    }

    private static (List<string> Names, List<string?[]> Rows) ReadCells(string path, CsvReadOptions options, CancellationToken cancellationToken)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = options.Delimiter,
            HasHeaderRecord = false,
            BadDataFound = args => throw new DataException($"{path}:{args.Context.Parser?.RawRow}: malformed quoting in field '{args.Field}'"),
            DetectDelimiter = false,
            TrimOptions = TrimOptions.None,
        };
        using var reader = new StreamReader(path, options.Encoding, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, config);
        List<string>? names = null;
        var rows = new List<string?[]>();
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
                names = options.HasHeader ? Header(path, record) : Enumerable.Range(1, record.Length).Select(i => $"column_{i}").ToList();
                if (options.HasHeader)
                {
                    continue;
                }
            }

            if (record.Length != names.Count)
            {
                throw new DataException($"{path}:{csv.RawRow}: row has {record.Length} field(s) but the header has {names.Count}; check the delimiter and quoting of that line");
            }

            rows.Add(record.Select(v => options.MissingTokens.Contains(v) ? null : v).ToArray());
        }

        if (names is null)
        {
            throw new DataException($"{path}: the file is empty; expected a header row and data rows");
        }

        return rows.Count == 0 ? throw new DataException($"{path}: the file has a header but no data rows") : (names, rows);
    }

    private static List<string> Header(string path, string[] record)
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

    private static ColumnKind Infer(string path, string name, List<string?[]> rows, int column)
    {
        var sawValue = false;
        bool number = true, boolean = true;
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row[column] is not { } value)
            {
                boolean = false;
                continue;
            }

            sawValue = true;
            if (number && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsInfinity(parsed))
            {
                throw new DataException($"{path}: column '{name}', data row {r + 1}: '{value}' is infinite; numbers must be finite (list it in missing_values to read it as missing)");
            }

            number &= TryNumber(value, out _);
            boolean &= bool.TryParse(value, out _);
            if (!number && !boolean)
            {
                return ColumnKind.Text;
            }
        }

        return !sawValue ? ColumnKind.Text : boolean ? ColumnKind.Boolean : number ? ColumnKind.Number : ColumnKind.Text;
    }

    /// <summary>Parses a finite number; "nan" in any case (as numpy writes it) is a missing number.</summary>
    private static bool TryNumber(string value, out double number) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && !double.IsInfinity(number);

    private static DataFrameColumn Build(string path, string name, ColumnKind kind, List<string?[]> rows, int c)
    {
        switch (kind)
        {
            case ColumnKind.Number:
                var numbers = new DoubleDataFrameColumn(name, rows.Count);
                for (var r = 0; r < rows.Count; r++)
                {
                    var cell = rows[r][c];
                    numbers[r] = cell is null ? double.NaN
                        : TryNumber(cell, out var value) ? value
                        : throw new DataException($"{path}: column '{name}', data row {r + 1}: '{cell}' is not a finite number (the column is read as number)");
                }

                return numbers;
            case ColumnKind.Boolean:
                var flags = new BooleanDataFrameColumn(name, rows.Count);
                for (var r = 0; r < rows.Count; r++)
                {
                    flags[r] = rows[r][c] is { } cell && bool.TryParse(cell, out var value)
                        ? value
                        : throw new DataException($"{path}: column '{name}', data row {r + 1}: '{rows[r][c]}' is not true or false (the column is read as boolean)");
                }

                return flags;
            default:
                return new StringDataFrameColumn(name, rows.Select(row => row[c] ?? ""));
        }
    }
}
