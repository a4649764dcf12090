using Loom.Components.CodeGen;

namespace Loom.Components.TableOps;

/// <content>
/// The step as code: the right rows looked up by key (rows with a missing key value match nothing), each
/// left row once per match, or once with missing values (a left join) when nothing matches.
/// </content>
internal sealed partial class TableJoin : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var left = await step.InputRowsAsync("left", cancellationToken).ConfigureAwait(false);
        var right = await step.InputRowsAsync("right", cancellationToken).ConfigureAwait(false);
        var output = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var keys = On.Select(k => k.Split('=', 2)).Select(p => (Left: left.Shape[p[0].Trim()], Right: right.Shape[(p.Length == 2 ? p[1] : p[0]).Trim()])).ToList();
        if (keys.Any(k => k.Left.Kind == "number" || k.Right.Kind == "number"))
        {
            step.Code.Usings.Add("System.Globalization");
        }

        // Output columns are the left ones, then the right's other columns, suffixed where the left has the name.
        var carried = right.Shape.Columns.Where(c => !keys.Any(k => k.Right.Name == c.Name)).ToDictionary(
            c => left.Shape.Columns.Any(l => l.Name == c.Name) ? c.Name + Suffix : c.Name,
            c => c,
            StringComparer.Ordinal);
        var outer = How == "left";
        string Value(TableColumn column) => carried.TryGetValue(column.Name, out var source)
            ? outer ? $"match?.{source.Property} ?? {Missing(source)}" : $"match.{source.Property}"
            : $"row.{left.Shape[column.Name].Property}";

        var missing = keys.Where(k => k.Right.Kind != "boolean").Select(k => k.Right.MissingIn("match")).ToList();
        var withKeys = missing.Count switch
        {
            0 => "right",
            1 => $"right.Where(match => !{missing[0]})",
            _ => $"right.Where(match => !({string.Join(" || ", missing)}))",
        };
        var body = new List<string>
        {
            $"var matches = {withKeys}.ToLookup(match => {Key(keys.Select(k => k.Right), "match")});",
            $"var joined = left.SelectMany(row => matches[{Key(keys.Select(k => k.Left), "row")}]{(outer ? ".DefaultIfEmpty()" : "")}.Select(match => new {output.Name}",
            "{",
        };
        body.AddRange(output.Shape.Columns.Select(c => $"    {c.Property} = {Value(c)},"));
        body.Add("})).ToList();");
        body.Add($"logger.LogInformation(\"joined into {{Rows}} rows ({How} join on {{Keys}})\", joined.Count, {CSharpLiteral.Of(string.Join(", ", On))});");
        body.Add("return joined;");
        return new StepMethod(
            $"joins the right table's rows to the left ones ({How} join) on {string.Join(", ", keys.Select(k => k.Left.Name == k.Right.Name ? $"'{k.Left.Name}'" : $"'{k.Left.Name}' = '{k.Right.Name}'"))}",
            [StepCode.TableInput("left", left), StepCode.TableInput("right", right)],
            [StepCode.TableOutput("table", output, "table")],
            body);
    }

    /// <summary>A row's key: its key values as the platform compares them, as text.</summary>
    private static string Key(IEnumerable<TableColumn> columns, string row)
    {
        var values = columns.Select(c => c.TextOf(row)).ToList();
        return values.Count == 1 ? values[0] : "(" + string.Join(", ", values) + ")";
    }

    private static string Missing(TableColumn column) => column.Kind == "number" ? "double.NaN" : "\"\"";
}

/// <content>The step as code: the first table's rows, then the second's, in the first table's row class.</content>
internal sealed partial class TableUnion : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var first = await step.InputRowsAsync("first", cancellationToken).ConfigureAwait(false);
        var second = await step.InputRowsAsync("second", cancellationToken).ConfigureAwait(false);
        var output = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var body = new List<string>();
        if (second == output)
        {
            body.Add("var stacked = first.Concat(second).ToList();");
        }
        else
        {
            body.Add($"var stacked = first.Concat(second.Select(row => new {output.Name}");
            body.Add("{");
            body.AddRange(output.Shape.Columns.Select(c => $"    {c.Property} = row.{second.Shape[c.Name].Property},"));
            body.Add("})).ToList();");
        }

        body.Add("logger.LogInformation(\"stacked {Rows} rows\", stacked.Count);");
        body.Add("return stacked;");
        return new StepMethod(
            "stacks the rows of the first table, then those of the second",
            [StepCode.TableInput("first", first), StepCode.TableInput("second", second)],
            [StepCode.TableOutput("table", output, "table")],
            body);
    }
}
