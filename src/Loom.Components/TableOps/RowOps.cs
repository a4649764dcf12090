using Loom.Components.Tables;
using Loom.Components.Tables.Expressions;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.TableOps;

/// <summary>Keeps the rows an expression holds for.</summary>
[Component("table.filter", "1.0.0", RowWiseInput = "table", Example = "heavy: { component: table.filter@1, inputs: { table: load.table }, params: { expression: 'island == \"Dream\" and body_mass_g > 4000' } }", Category = "table", Description = "Keeps the rows for which a true/false expression over their columns is true, e.g. 'carat > 0.5 and cut != \"Fair\"'; rows where it is false or missing are dropped. Streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The rows the expression holds for, in their order.")]
internal sealed partial class TableFilter : IComponent
{
    [Parameter("expression", Required = true, Description = "A true/false expression over the row's columns (see docs/expressions.md).")]
    public string Expression { get; set; } = "";

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        TableExpression? expression = null;
        long kept = 0, seen = 0;
        await TableIO.MapAsync(context, "table", "table", batch =>
        {
            expression ??= TableExpression.Parse(ml, Expression, batch, context.StepName, "expression");
            var mask = expression.Evaluate(batch, "__keep") as BooleanDataFrameColumn
                ?? throw new DataException($"step '{context.StepName}', 'expression': '{Expression}' gives a number or text, but a filter needs true or false (a comparison such as '> 0')");
            var output = batch.Filter(mask);
            kept += output.Rows.Count;
            seen += batch.Rows.Count;
            return output;
        }).ConfigureAwait(false);
        context.Logger.LogInformation("kept {Kept} of {Rows} rows", kept, seen);
    }
}

/// <summary>Adds or replaces a column computed from each row.</summary>
[Component("table.derive", "1.0.0", RowWiseInput = "table", Example = "per_carat: { component: table.derive@1, inputs: { table: load.table }, params: { column: price_per_carat, expression: 'price / carat' } }", Category = "table", Description = "Adds a column computed from each row's columns by an expression, e.g. 'price / carat' or 'log(1 + income)'; a column of that name is replaced in place. Numbers come out as numbers, comparisons as true/false, text functions as text. Streams the table.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "The rows with the derived column.")]
internal sealed partial class TableDerive : IComponent
{
    [Parameter("column", Required = true, Description = "Name of the derived column.")]
    public string Column { get; set; } = "";

    [Parameter("expression", Required = true, Description = "The expression over the row's columns (see docs/expressions.md).")]
    public string Expression { get; set; } = "";

    public Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        TableExpression? expression = null;
        long first = 1;
        return TableIO.MapAsync(context, "table", "table", batch =>
        {
            expression ??= TableExpression.Parse(ml, Expression, batch, context.StepName, "expression");
            var derived = expression.Evaluate(batch, Column);
            if (derived is DoubleDataFrameColumn numbers && Enumerable.Range(0, (int)numbers.Length).FirstOrDefault(r => numbers[r] is { } v && double.IsInfinity(v), -1) is var row and >= 0)
            {
                throw new DataException($"step '{context.StepName}', 'expression': '{Expression}' gives an infinite number ({(numbers[row] > 0 ? "+" : "-")}infinity) for column '{Column}' in row {first + row}; numbers must be finite (a division by zero? guard it, e.g. 'b == 0 ? 0.0d / 0.0d : a / b' for a missing value)");
            }

            first += batch.Rows.Count;
            var output = batch.Clone();
            var index = output.Columns.IndexOf(Column);
            if (index >= 0)
            {
                output.Columns[index] = derived;
            }
            else
            {
                output.Columns.Add(derived);
            }

            return output;
        });
    }
}

/// <summary>Keeps the first rows.</summary>
[Component("data.head", "1.0.0", Example = "first: { component: data.head@1, inputs: { table: load.table }, params: { n: 100 } }", Category = "data", Description = "Keeps the first n rows (for a quick look or a smoke test); reads no further than it needs.")]
[Input("table", ArtifactKind.Table, Description = "The table.")]
[Output("table", ArtifactKind.Table, Description = "At most n rows, from the start.")]
internal sealed partial class DataHead : IComponent
{
    [Parameter("n", Min = 0, Max = long.MaxValue, Description = "Number of rows to keep.")]
    public long N { get; set; } = 10;

    public async Task ExecuteAsync(IComponentContext context)
    {
        await using var reader = await TableIO.OpenAsync(context, "table").ConfigureAwait(false);
        await TableIO.WriteBatchesAsync(context, "table", Head(reader, context.CancellationToken), reader.Roles).ConfigureAwait(false);
    }

    private async IAsyncEnumerable<DataFrame> Head(TableReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var left = N;
        await foreach (var batch in reader.ReadBatchesAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return batch.Rows.Count <= left ? batch : batch.Head((int)left);
            left -= Math.Min(left, batch.Rows.Count);
            if (left == 0)
            {
                yield break;
            }
        }
    }
}
