using System.Text;
using Loom.Components.CodeGen;

namespace Loom.CodeGen;

/// <summary>
/// Members of the training class that turn rows into the DataFrame a custom component reads, and the
/// DataFrame it writes back into rows — as the platform stores tables: numbers with NaN for missing, text with
/// "" for missing.
/// </summary>
internal static class Frames
{
    /// <summary>The name of the member that makes a DataFrame of these rows (added to the code).</summary>
    public static string ToFrame(CodeModel code, RowClass rows, string step)
    {
        var name = $"FrameOf{rows.Name}";
        var columns = string.Join(",\n", rows.Shape.Columns.Select(c => "        " + c.Kind switch
        {
            "number" when c.Single => $"new SingleDataFrameColumn({CSharpLiteral.Of(c.Name)}, rows.Select(r => (float)r.{c.Property}))",
            "number" => $"new DoubleDataFrameColumn({CSharpLiteral.Of(c.Name)}, rows.Select(r => r.{c.Property}))",
            "boolean" => $"new BooleanDataFrameColumn({CSharpLiteral.Of(c.Name)}, rows.Select(r => r.{c.Property}))",
            _ => $"new StringDataFrameColumn({CSharpLiteral.Of(c.Name)}, rows.Select(r => r.{c.Property} ?? \"\"))",
        }));
        code.Member(name, $$"""
            /// <summary>The rows as a DataFrame, the table a component reads.</summary>
            private static DataFrame {{name}}(IReadOnlyList<{{rows.Name}}> rows) =>
                new(
            {{columns}});
            """, step);
        return name;
    }

    /// <summary>The name of the member that reads a DataFrame into these rows (added to the code).</summary>
    public static string ToRows(CodeModel code, RowClass rows, string step)
    {
        var name = $"{rows.Name}sOf";
        var text = new StringBuilder();
        text.Append($"/// <summary>A table a component wrote, as rows.</summary>\n");
        text.Append($"private static List<{rows.Name}> {name}(DataFrame frame)\n{{\n");
        foreach (var c in rows.Shape.Columns)
        {
            text.Append($"    var {Local(c)} = ({ColumnType(c)})frame.Columns[{CSharpLiteral.Of(c.Name)}];\n");
        }

        text.Append($"    return Enumerable.Range(0, (int)frame.Rows.Count).Select(i => new {rows.Name}\n    {{\n");
        foreach (var c in rows.Shape.Columns)
        {
            var value = c.Kind switch
            {
                "number" when c.Single => $"{Local(c)}[i] ?? float.NaN",
                "number" => $"{Local(c)}[i] ?? double.NaN",
                "boolean" => $"{Local(c)}[i] ?? false",
                _ => $"{Local(c)}[i] ?? \"\"",
            };
            text.Append($"        {c.Property} = {value},\n");
        }

        text.Append("    }).ToList();\n}");
        code.Member(name, text.ToString(), step);
        return name;
    }

    private static string ColumnType(TableColumn column) => column.Kind switch
    {
        "number" when column.Single => "SingleDataFrameColumn",
        "number" => "DoubleDataFrameColumn",
        "boolean" => "BooleanDataFrameColumn",
        _ => "StringDataFrameColumn",
    };

    /// <summary>A column's local: never a keyword, never another local.</summary>
    private static string Local(TableColumn column) => CSharpNames.Camel(column.Property) + "Column";
}
