using Loom.Sdk;
using Microsoft.Data.Analysis;

namespace Loom.Components.Labels;

/// <summary>
/// Turns a raw label column into what an ML.NET trainer or evaluator needs: a boolean for binary
/// (bool, 0/1 or any two values), a float for regression, the class text for multiclass.
/// </summary>
internal static class LabelPreparation
{
    /// <summary>Name of the prepared label column; kept out of every model's input columns.</summary>
    public const string Column = "__loom_label";

    public static string?[] Values(DataFrame table, string label, string step)
    {
        var column = table.Columns.IndexOf(label) >= 0 ? table.Columns[label]
            : throw new DataException($"step '{step}': label column '{label}' is not in the table; its columns are {string.Join(", ", table.Columns.Select(c => c.Name))}");
        return LabelValues.Read(column);
    }

    /// <summary>Finds the two classes of a binary label and which one is positive.</summary>
    public static (string Positive, string Negative, string Reason) BinaryClasses(DataFrame table, string label, string? positive, string step)
    {
        var values = Values(table, label, step);
        var counts = values.Where(v => v is not null).GroupBy(v => v!).ToDictionary(g => g.Key, g => g.LongCount());
        if (counts.Count != 2)
        {
            var found = counts.Count == 0 ? "no values" : $"{counts.Count} class(es): {string.Join(", ", counts.Keys.Take(10))}";
            var hint = counts.Count > 2 ? "; use a multiclass trainer" : "; a binary model needs two";
            throw new DataException($"step '{step}': label '{label}' has {found}{hint}");
        }

        var classes = LabelValues.Order(counts.Keys);
        if (positive is not null)
        {
            return classes.Contains(positive)
                ? (positive, classes.First(c => c != positive), "given by parameter 'positive'")
                : throw new DataException($"step '{step}': positive class '{positive}' is not a value of label '{label}', whose values are {string.Join(", ", classes)}");
        }

        if (classes.SequenceEqual(["false", "true"]) || classes.SequenceEqual(["0", "1"]))
        {
            return (classes[1], classes[0], "the label is boolean or 0/1");
        }

        var minority = classes.OrderBy(c => counts[c]).ThenByDescending(c => c, StringComparer.Ordinal).First();
        return (minority, classes.First(c => c != minority), $"minority class, {counts[minority]} of {counts.Values.Sum()} rows");
    }

    public static PreparedData Binary(DataFrame table, string label, string positive, string? negative, string step)
    {
        var values = Values(table, label, step);
        var unknown = negative is null ? null : values.FirstOrDefault(v => v is not null && v != positive && v != negative);
        if (unknown is not null)
        {
            throw new DataException($"step '{step}': label '{label}' has the value '{unknown}', which is neither '{positive}' nor '{negative}' (the classes the model was trained on)");
        }

        var prepared = new BooleanDataFrameColumn(Column, values.Select(v => v == positive));
        return Finish(table, prepared, values.Select(v => v is not null), step);
    }

    public static PreparedData Regression(DataFrame table, string label, string step)
    {
        var column = table.Columns.IndexOf(label) >= 0 ? table.Columns[label] : null;
        Values(table, label, step);
        var numbers = column switch
        {
            DoubleDataFrameColumn d => d.Select(v => v ?? double.NaN).ToList(),
            SingleDataFrameColumn f => f.Select(v => (double)(v ?? float.NaN)).ToList(),
            _ => throw new DataException($"step '{step}': label '{label}' is {(column!.DataType == typeof(string) ? "text" : column.DataType.Name)}, but regression needs a numeric label"),
        };
        var prepared = new SingleDataFrameColumn(Column, numbers.Select(v => (float)v));
        return Finish(table, prepared, numbers.Select(v => !double.IsNaN(v)), step);
    }

    public static PreparedData Multiclass(DataFrame table, string label, string step)
    {
        var values = Values(table, label, step);
        var prepared = new StringDataFrameColumn(Column, values.Select(v => v ?? ""));
        return Finish(table, prepared, values.Select(v => v is not null), step);
    }

    private static PreparedData Finish(DataFrame table, DataFrameColumn prepared, IEnumerable<bool> keep, string step)
    {
        if (table.Rows.Count == 0)
        {
            throw new DataException($"step '{step}': the table has no rows");
        }

        var mask = new BooleanDataFrameColumn("keep", keep);
        var copy = table.Clone();
        copy.Columns.Add(prepared);
        var dropped = mask.Length - mask.Count(k => k == true);
        var result = dropped == 0 ? copy : copy.Filter(mask);
        if (result.Rows.Count == 0)
        {
            throw new DataException($"step '{step}': every row has a missing label; nothing to learn from");
        }

        return new PreparedData(result, dropped);
    }
}
