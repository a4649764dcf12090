using Loom.Components.CodeGen;

namespace Loom.Components.TableOps;

/// <content>
/// The step as code: the rows unchanged. Roles decide what later steps do (the label a trainer predicts,
/// the columns that are not features, the groups a split keeps whole), and each later step's code is
/// written as the roles made the platform run it, so the generated code needs no roles of its own.
/// </content>
internal sealed partial class TableRoles : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var described = new[]
        {
            Label is { Length: > 0 } ? $"label '{Label}'" : null,
            Weight is { Length: > 0 } ? $"weight '{Weight}'" : null,
            Group is { Length: > 0 } ? $"group '{Group}'" : null,
            Ids.Length > 0 ? $"ids {ColumnOpsCode.List(Ids)}" : null,
            Features.Length > 0 ? $"features {ColumnOpsCode.List(Features)}" : null,
        }.OfType<string>();
        return RowCode.TableStep(
            described.Any() ? $"marks the column roles ({string.Join(", ", described)}); the steps after it are written as those roles made them run, so the rows pass unchanged" : "forgets the column roles set upstream; the rows pass unchanged",
            rows,
            rows,
            ["return table;"]);
    }
}
