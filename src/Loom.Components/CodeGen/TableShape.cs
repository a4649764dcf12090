using Loom.Components.Tables;
using Microsoft.Data.Analysis;

namespace Loom.Components.CodeGen;

/// <summary>The columns of a table artifact as generated code sees them: name, type, and C# property.</summary>
public sealed record TableShape(IReadOnlyList<TableColumn> Columns)
{
    /// <summary>The column of that name.</summary>
    public TableColumn this[string name] =>
        Columns.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"no column '{name}' in the table");

    /// <summary>The shape of a stored table artifact, from its first batch (every step asks, so the rows are not read).</summary>
    public static async Task<TableShape> ReadAsync(string path, CancellationToken cancellationToken)
    {
        await using var reader = await TableReader.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        return Of(await reader.ReadFirstBatchAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The shape of a table in memory.</summary>
    public static TableShape Of(DataFrame frame)
    {
        var names = frame.Columns.Select(c => c.Name).ToList();
        var properties = CSharpNames.DistinctPascal(names, ["Label", "Prediction", "Score", "Probability", "Features"]);
        return new TableShape(frame.Columns.Select((c, i) => new TableColumn(c.Name, KindOf(c), i, properties[i]) { Single = c is SingleDataFrameColumn }).ToList());
    }

    private static string KindOf(DataFrameColumn column) => column switch
    {
        DoubleDataFrameColumn or SingleDataFrameColumn => "number",
        BooleanDataFrameColumn => "boolean",
        StringDataFrameColumn => "text",
        _ => throw new CodeGenException($"column '{column.Name}' is {column.DataType.Name}; generated code handles number, boolean and text columns"),
    };
}

/// <summary>One column: its name in the data, number/boolean/text, position in the file, and C# property name.</summary>
public sealed record TableColumn(string Name, string Kind, int Index, string Property)
{
    /// <summary>Whether the table holds this number column's values as 32-bit floats (a model's scores): they are written as floats.</summary>
    public bool Single { get; init; }

    /// <summary>The C# type of its property.</summary>
    public string Type => Kind switch
    {
        "number" => "double",
        "boolean" => "bool",
        _ => "string",
    };

    /// <summary>An expression for a row's value as text, as the platform groups and compares values (null when missing).</summary>
    public string TextOf(string row) => Kind switch
    {
        "number" when Single => $"double.IsNaN({row}.{Property}) ? \"\" : ((float){row}.{Property}).ToString(\"R\", CultureInfo.InvariantCulture)",
        "number" => $"double.IsNaN({row}.{Property}) ? \"\" : {row}.{Property}.ToString(\"R\", CultureInfo.InvariantCulture)",
        "boolean" => $"{row}.{Property} ? \"true\" : \"false\"",
        _ => $"{row}.{Property} ?? \"\"",
    };

    /// <summary>An expression that is true when a row has no value here.</summary>
    public string MissingIn(string row) => Kind switch
    {
        "number" => $"double.IsNaN({row}.{Property})",
        "boolean" => "false",
        _ => $"string.IsNullOrEmpty({row}.{Property})",
    };
}
