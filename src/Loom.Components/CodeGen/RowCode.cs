namespace Loom.Components.CodeGen;

/// <summary>Code that turns rows of one class into rows of another, column by column.</summary>
internal static class RowCode
{
    /// <summary>
    /// Lines returning the rows of <paramref name="table"/> as <paramref name="to"/> rows: each column's
    /// value from <paramref name="value"/> (given the target column), in the target's column order.
    /// The lambda's parameters are <c>row</c> and, when <paramref name="indexed"/>, its index <c>i</c>.
    /// </summary>
    public static IReadOnlyList<string> Convert(string table, RowClass to, Func<TableColumn, string> value, bool indexed = false)
    {
        var lines = new List<string> { $"return {table}.Select({(indexed ? "(row, i)" : "row")} => new {to.Name}", "{" };
        lines.AddRange(to.Shape.Columns.Select(c => $"    {c.Property} = {value(c)},"));
        lines.Add("}).ToList();");
        return lines;
    }

    /// <summary>The method of a step from one table (its 'table' input) to another (its 'table' output).</summary>
    public static StepMethod TableStep(string summary, RowClass from, RowClass to, IReadOnlyList<string> body) =>
        new(summary, [StepCode.TableInput("table", from)], [StepCode.TableOutput("table", to, "table")], body);

    /// <summary>The value of a column of the source rows, read as it is.</summary>
    public static string Read(RowClass from, string column, string row = "row") => $"{row}.{from.Shape[column].Property}";
}
