using Loom.Components.CodeGen;

namespace Loom.Components.TableOps;

/// <content>The step as code: the named columns copied into the output row class.</content>
internal sealed partial class TableSelect : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var (from, to) = await ColumnOpsCode.RowsAsync(step, cancellationToken).ConfigureAwait(false);
        return ColumnOpsCode.Method(step, from, to, $"keeps the columns {ColumnOpsCode.List(Columns)}", c => RowCode.Read(from, c.Name));
    }
}

/// <content>The step as code: the other columns copied into the output row class.</content>
internal sealed partial class TableDrop : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var (from, to) = await ColumnOpsCode.RowsAsync(step, cancellationToken).ConfigureAwait(false);
        return ColumnOpsCode.Method(step, from, to, $"removes the columns {ColumnOpsCode.List(Columns)}", c => RowCode.Read(from, c.Name));
    }
}

/// <content>The step as code: every column copied into the output row class under its new name.</content>
internal sealed partial class TableRename : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var (from, to) = await ColumnOpsCode.RowsAsync(step, cancellationToken).ConfigureAwait(false);
        var pairs = ColumnsCheck.Pairs(Columns, step.Name, "columns", "old:new");
        var old = pairs.GroupBy(p => p.Right).ToDictionary(g => g.Key, g => g.First().Left, StringComparer.Ordinal);
        var renamed = string.Join(", ", pairs.Select(p => $"'{p.Left}' to '{p.Right}'"));
        return ColumnOpsCode.Method(step, from, to, $"renames {renamed}", c => RowCode.Read(from, old.GetValueOrDefault(c.Name, c.Name)));
    }
}

/// <summary>What the column steps' generated code shares.</summary>
internal static class ColumnOpsCode
{
    /// <summary>The row classes of the step's input and output tables.</summary>
    public static async Task<(RowClass From, RowClass To)> RowsAsync(StepCode step, CancellationToken cancellationToken)
    {
        var from = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        return (from, await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>A method that makes each output row from an input row.</summary>
    public static StepMethod Method(StepCode step, RowClass from, RowClass to, string summary, Func<TableColumn, string> value, bool indexed = false) =>
        RowCode.TableStep(summary, from, to, from == to ? ["return table;"] : RowCode.Convert("table", to, value, indexed));

    /// <summary>Column names as a readable list.</summary>
    public static string List(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"'{c}'"));
}
