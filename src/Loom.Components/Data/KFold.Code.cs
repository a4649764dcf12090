using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>The step as code: the same seeded fold numbers (dealt per class, or whole groups to the smallest fold), in a new column.</content>
internal sealed partial class KFold : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var output = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var group = (await step.RolesAsync("table", cancellationToken).ConfigureAwait(false)).GroupFor(Group, Stratify);
        var (call, how) = FoldsCode.Of(step, rows, Stratify, group, K, Seed);
        var body = new List<string> { $"var folds = {call};" };
        body.AddRange(RowCode.Convert("table", output, c => c.Name == Column ? "folds[i]" : RowCode.Read(rows, c.Name), indexed: true));
        return RowCode.TableStep(
            $"numbers each row's fold (1 to {K}) in '{Column}', {how}, seeded",
            rows,
            output,
            body);
    }
}
