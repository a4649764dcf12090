using Loom.Components.CodeGen;
using Loom.Components.Tables;
using Loom.Components.Tables.Expressions;
using Microsoft.ML;

namespace Loom.Components.TableOps;

/// <content>The step as code: ML.NET's expression transform computes the condition; the rows it holds for are kept.</content>
internal sealed partial class TableFilter : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var expression = await ExpressionCode.ParseAsync(step, Expression, cancellationToken).ConfigureAwait(false);
        if (expression.ResultType != typeof(bool))
        {
            throw step.Unsupported($"'{Expression}' does not give true or false");
        }

        return RowCode.TableStep(
            $"keeps the rows where {Expression}",
            rows,
            rows,
            [
                $"var ml = new MLContext(seed: {step.Seed});",
                "var data = ml.Data.LoadFromEnumerable(table);",
                $"var keep = {ExpressionCode.Transform("Keep", expression)}.Fit(data).Transform(data).GetColumn<bool>(\"Keep\").ToList();",
                "var kept = table.Where((_, i) => keep[i]).ToList();",
                "logger.LogInformation(\"kept {Kept} of {Rows} rows\", kept.Count, table.Count);",
                "return kept;",
            ]);
    }
}

/// <content>The step as code: ML.NET's expression transform computes the column; the rows are read back into the output row class.</content>
internal sealed partial class TableDerive : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var output = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var expression = await ExpressionCode.ParseAsync(step, Expression, cancellationToken).ConfigureAwait(false);
        var column = CSharpLiteral.Of(Column);
        var body = new List<string>
        {
            $"var ml = new MLContext(seed: {step.Seed});",
            "var data = ml.Data.LoadFromEnumerable(table);",
            $"var derived = {ExpressionCode.Transform(Column, expression)}.Fit(data).Transform(data);",
        };
        if (expression.ResultType != typeof(double) && output.Shape[Column].Kind == "number")
        {
            // ML.NET computes this expression in another number type; the table holds 64-bit numbers.
            body.Add($"derived = ml.Transforms.Conversion.ConvertType({column}, outputKind: DataKind.Double).Fit(derived).Transform(derived);");
        }

        body.Add($"var rows = ml.Data.CreateEnumerable<{output.Name}>(derived, reuseRowObject: false).ToList();");
        if (output.Shape[Column].Kind == "number")
        {
            var property = output.Shape[Column].Property;
            body.Add($"if (rows.FindIndex(row => double.IsInfinity(row.{property})) is var infinite and >= 0)");
            body.Add("{");
            var message = CSharpLiteral.Of($"column '{Column}': '{Expression}' gives an infinite number; numbers must be finite (a division by zero?)");
            body.Add($"    throw new InvalidDataException($\"row {{infinite + 1}}, \" + {message});");
            body.Add("}");
            body.Add("");
        }

        body.Add("return rows;");
        return RowCode.TableStep(
            $"computes '{Column}' as {Expression}",
            rows,
            output,
            body);
    }
}

/// <content>The step as code: the first rows.</content>
internal sealed partial class DataHead : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        return RowCode.TableStep(
            $"keeps the first {N} rows",
            rows,
            rows,
            [$"return table.Take({step.Value("n", CSharpLiteral.Of((int)Math.Min(N, int.MaxValue)))}).ToList();"]);
    }
}

/// <summary>Expressions of table.filter and table.derive as ML.NET's expression transform in generated code.</summary>
internal static class ExpressionCode
{
    /// <summary>The expression checked against the step's first batch of rows, as the platform parses it.</summary>
    public static async Task<TableExpression> ParseAsync(StepCode step, string text, CancellationToken cancellationToken)
    {
        await using var reader = await TableReader.OpenAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        var sample = await reader.ReadFirstBatchAsync(cancellationToken).ConfigureAwait(false);
        return TableExpression.Parse(new MLContext(step.Seed), text, sample, step.Name, "expression");
    }

    /// <summary>The estimator computing the expression into a column.</summary>
    public static string Transform(string column, TableExpression expression) =>
        $"ml.Transforms.Expression({CSharpLiteral.Of(column)}, {CSharpLiteral.Of(expression.Lambda)}, {string.Join(", ", expression.Inputs.Select(CSharpLiteral.Of))})";
}
