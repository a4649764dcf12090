using System.Globalization;
using System.Text.Json;
using Microsoft.ML.Data;

namespace Loom.Serving.Scoring;

/// <summary>
/// Reads a request's rows into values of the model's input schema, checking each field: a field the model does
/// not read, one it needs and is not there, or a value of the wrong type is an error that names the field. A
/// number or text given as null is a missing value (as an empty cell in training); true/false must be given.
/// </summary>
internal sealed class RowParser(IReadOnlyList<ServingColumn> columns)
{
    private readonly Dictionary<string, ServingColumn> byName = columns.Where(c => c.Kind is not null).ToDictionary(c => c.Name, StringComparer.Ordinal);
    private readonly object[] defaults = [.. columns.Select(c => c.Default)];

    /// <summary>The fields a row must have, in schema order.</summary>
    public IEnumerable<ServingColumn> Fields => columns.Where(c => c.Kind is not null);

    /// <summary>One JSON object as the schema's values, or the errors in it (added to <paramref name="errors"/>).</summary>
    public object[]? Parse(JsonElement row, int index, List<FieldError> errors)
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(index, "", $"a row must be a JSON object of field to value, found {Describe(row)}"));
            return null;
        }

        var values = (object[])defaults.Clone();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var before = errors.Count;
        foreach (var field in row.EnumerateObject())
        {
            if (!byName.TryGetValue(field.Name, out var column))
            {
                errors.Add(new FieldError(index, field.Name, $"the model reads no field '{field.Name}'; its fields are {string.Join(", ", byName.Keys)}"));
                continue;
            }

            if (!seen.Add(field.Name))
            {
                errors.Add(new FieldError(index, field.Name, "the field is given twice"));
                continue;
            }

            if (Read(column, field.Value) is { } value)
            {
                values[column.Index] = value;
            }
            else
            {
                errors.Add(new FieldError(index, field.Name, $"expected {Expected(column)}, found {Describe(field.Value)}"));
            }
        }

        errors.AddRange(byName.Keys.Where(name => !seen.Contains(name)).Select(name => new FieldError(index, name, $"the field is missing; the model reads it ({Expected(byName[name])})")));
        return errors.Count == before ? values : null;
    }

    /// <summary>One row of text cells (a CSV line) by header, as the schema's values, or the errors in it.</summary>
    public object[]? Parse(IReadOnlyDictionary<string, string> cells, int index, List<FieldError> errors)
    {
        var values = (object[])defaults.Clone();
        var before = errors.Count;
        foreach (var column in Fields)
        {
            if (!cells.TryGetValue(column.Name, out var cell))
            {
                errors.Add(new FieldError(index, column.Name, $"the column is missing; the model reads it ({Expected(column)})"));
            }
            else if (ReadText(column, cell) is { } value)
            {
                values[column.Index] = value;
            }
            else
            {
                errors.Add(new FieldError(index, column.Name, $"expected {Expected(column)}, found '{cell}'"));
            }
        }

        return errors.Count == before ? values : null;
    }

    private static object? Read(ServingColumn column, JsonElement value) => (column.Type, value.ValueKind) switch
    {
        (TextDataViewType, JsonValueKind.String) => value.GetString()!.AsMemory(),
        (TextDataViewType, JsonValueKind.Null) => ReadOnlyMemory<char>.Empty,
        (BooleanDataViewType, JsonValueKind.True) => true,
        (BooleanDataViewType, JsonValueKind.False) => false,
        (_, JsonValueKind.Null) when column.Type == NumberDataViewType.Single => float.NaN,
        (_, JsonValueKind.Null) when column.Type == NumberDataViewType.Double => double.NaN,
        (_, JsonValueKind.Number) when column.Type == NumberDataViewType.Single && value.TryGetDouble(out var d) => (float)d,
        (_, JsonValueKind.Number) when column.Type == NumberDataViewType.Double && value.TryGetDouble(out var d) => d,
        (_, JsonValueKind.Number) when column.Type == NumberDataViewType.Int32 && value.TryGetInt32(out var i) => i,
        (_, JsonValueKind.Number) when column.Type == NumberDataViewType.Int64 && value.TryGetInt64(out var l) => l,
        _ => null,
    };

    private static object? ReadText(ServingColumn column, string cell) => column.Type switch
    {
        TextDataViewType => cell.AsMemory(),
        BooleanDataViewType => bool.TryParse(cell, out var b) ? b : cell switch { "1" => true, "0" => false, _ => null },
        _ when cell.Length == 0 && column.Type == NumberDataViewType.Single => float.NaN,
        _ when cell.Length == 0 && column.Type == NumberDataViewType.Double => double.NaN,
        _ when column.Type == NumberDataViewType.Single && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => (float)d,
        _ when column.Type == NumberDataViewType.Double && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ when column.Type == NumberDataViewType.Int32 && int.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ when column.Type == NumberDataViewType.Int64 && long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };

    private static string Expected(ServingColumn column) => column.Kind switch
    {
        "boolean" => "true or false",
        "text" => "text (or null when missing)",
        _ => column.Type == NumberDataViewType.Int32 || column.Type == NumberDataViewType.Int64 ? "a whole number" : "a number (or null when missing)",
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"text \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
