using Loom.Components.CodeGen;

namespace Loom.Components.TableOps;

/// <content>The step as code: the same seeded draws, row by row (a fraction) or Floyd's choice of n row numbers.</content>
internal sealed partial class DataSample : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var seed = Seed is { } given ? step.Value("seed", CSharpLiteral.Of((int)given)) : CSharpLiteral.Of(step.Seed);
        List<string> body = [$"var random = new Random({seed});"];
        string summary;
        if (Fraction is { } fraction)
        {
            summary = $"keeps each row with probability {fraction.ToString(System.Globalization.CultureInfo.InvariantCulture)}, seeded";
            body.Add($"var kept = table.Where(_ => random.NextDouble() < {step.Value("fraction", CSharpLiteral.Of(fraction))}).ToList();");
        }
        else
        {
            summary = $"keeps {N} rows chosen at random, seeded, in their order";
            body.AddRange(
            [
                "// Floyd's algorithm: n distinct row numbers, each set of them equally likely.",
                $"var count = Math.Min({step.Value("n", CSharpLiteral.Of(N!.Value))}, table.Count);",
                "var chosen = new HashSet<long>();",
                "for (long j = table.Count - count; j < table.Count; j++)",
                "{",
                "    var pick = random.NextInt64(j + 1);",
                "    chosen.Add(chosen.Contains(pick) ? j : pick);",
                "}",
                "",
                "var kept = table.Where((_, i) => chosen.Contains(i)).ToList();",
            ]);
        }

        body.Add("logger.LogInformation(\"kept {Rows} rows\", kept.Count);");
        body.Add("return kept;");
        return RowCode.TableStep(summary, rows, rows, body);
    }
}

/// <content>The step as code: a stable LINQ order, missing values last in either direction.</content>
internal sealed partial class TableSort : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var keys = By.Select(b => b.Trim()).Select(b => b.EndsWith(" desc", StringComparison.OrdinalIgnoreCase) ? (Name: b[..^5].Trim(), Descending: true) : (Name: b.EndsWith(" asc", StringComparison.OrdinalIgnoreCase) ? b[..^4].Trim() : b, Descending: false)).ToList();
        var body = new List<string> { "return table" };
        var first = true;
        foreach (var (name, descending) in keys)
        {
            var column = rows.Shape[name];
            if (column.Kind != "boolean")
            {
                body.Add($"    .{(first ? "OrderBy" : "ThenBy")}(row => {column.MissingIn("row")} ? 1 : 0)");
                first = false;
            }

            var order = (first ? "OrderBy" : "ThenBy") + (descending ? "Descending" : "");
            body.Add(column.Kind == "text" ? $"    .{order}(row => row.{column.Property}, StringComparer.Ordinal)" : $"    .{order}(row => row.{column.Property})");
            first = false;
        }

        body.Add("    .ToList();");
        return RowCode.TableStep(
            $"orders the rows by {string.Join(", ", keys.Select(k => $"'{k.Name}'{(k.Descending ? " descending" : "")}"))}; ties keep their order, missing values go last",
            rows,
            rows,
            body);
    }
}

/// <content>The step as code: the first row of each key, the key's values compared as the platform compares them (missing equal to missing).</content>
internal sealed partial class TableDedupe : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var columns = Columns.Length > 0 ? Columns.Select(c => rows.Shape[c]).ToList() : [.. rows.Shape.Columns];
        if (columns.Any(c => c.Kind == "number"))
        {
            step.Code.Usings.Add("System.Globalization");
        }

        var values = columns.Select(c => c.Kind == "boolean" ? $"row.{c.Property}" : c.TextOf("row")).ToList();
        var key = values.Count == 1 ? values[0] : "(" + string.Join(", ", values) + ")";
        return RowCode.TableStep(
            Columns.Length > 0 ? $"keeps the first row of each distinct {ColumnOpsCode.List(Columns)}" : "removes repeated rows, keeping the first of each",
            rows,
            rows,
            [
                $"var kept = table.DistinctBy(row => {key}).ToList();",
                "logger.LogInformation(\"removed {Rows} repeated row(s)\", table.Count - kept.Count);",
                "return kept;",
            ]);
    }
}
