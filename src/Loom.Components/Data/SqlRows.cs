using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Data;

/// <summary>Turns a query's rows into table batches, typing each column by the database's type of it.</summary>
internal static class SqlRows
{
    public static async IAsyncEnumerable<DataFrame> ReadAsync(DbDataReader reader, string step, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new DataException($"step '{step}': the query returns two columns named '{duplicate.Key}'; give them distinct names with AS");
        }

        var kinds = Enumerable.Range(0, reader.FieldCount).Select(i => KindOf(names[i], reader.GetFieldType(i), step)).ToList();
        var batch = new List<object?[]>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[names.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = await reader.IsDBNullAsync(c, cancellationToken).ConfigureAwait(false) ? null : reader.GetValue(c);
            }

            batch.Add(row);
            if (batch.Count == ParquetTables.BatchRows)
            {
                yield return Build(names, kinds, batch, step);
                batch.Clear();
            }
        }

        yield return Build(names, kinds, batch, step);
    }

    private static ColumnKind KindOf(string name, Type type, string step) => type switch
    {
        _ when type == typeof(bool) => ColumnKind.Boolean,
        _ when type.IsArray && type != typeof(byte[]) => throw new DataException($"step '{step}': column '{name}' holds arrays ({type.Name}), which a table column cannot; unnest it or cast it to text in the query"),
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) || type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(byte) => ColumnKind.Number,
        _ => ColumnKind.Text,
    };

    private static DataFrame Build(List<string> names, List<ColumnKind> kinds, List<object?[]> rows, string step) =>
        new(names.Select((name, c) => kinds[c] switch
        {
            ColumnKind.Number => (DataFrameColumn)new DoubleDataFrameColumn(name, rows.Select(r => Number(r[c], name, step))),
            ColumnKind.Boolean => new BooleanDataFrameColumn(name, rows.Select(r => r[c] as bool? ?? throw new DataException($"step '{step}': column '{name}' is boolean but has NULL values, which a true/false column cannot hold; select it as CASE WHEN ... or cast it to an integer"))),
            _ => new StringDataFrameColumn(name, rows.Select(r => Text(r[c]))),
        }));

    private static double Number(object? value, string name, string step) => value switch
    {
        null => double.NaN,
        double or float or decimal or long or int or short or byte => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        _ => throw new DataException($"step '{step}': column '{name}' holds numbers in its first rows but '{value}' ({value.GetType().Name}) later; cast it in the query (CAST(... AS REAL) or AS TEXT)"),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        DateTime d => d.ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset d => d.ToString("O", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("O", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("O", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
