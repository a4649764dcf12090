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
        var seed = Seed is { } given ? step.Value("seed", CSharpLiteral.Of((int)given)) : CSharpLiteral.Of(step.Seed);
        var k = step.Value("k", CSharpLiteral.Of(K));
        var (call, how) = (Stratify, group) switch
        {
            ({ Length: > 0 } column, _) => ($"DataFolds.Dealt(table, row => {rows.Shape[column].TextOf("row")}, {k}, seed: {seed})", $"dealt so each class of '{column}' keeps its share"),
            (_, { Length: > 0 } column) => ($"DataFolds.Groups(table, row => {rows.Shape[column].TextOf("row")}, {k}, seed: {seed})", $"keeping the rows of each '{column}' in one fold"),
            _ => ($"DataFolds.Dealt(table, _ => \"\", {k}, seed: {seed})", "at random"),
        };
        step.Code.Helpers.Add(call[..call.IndexOf('(', StringComparison.Ordinal)]);
        if (call.Contains("CultureInfo", StringComparison.Ordinal))
        {
            step.Code.Usings.Add("System.Globalization");
        }

        var body = new List<string> { $"var folds = {call};" };
        body.AddRange(RowCode.Convert("table", output, c => c.Name == Column ? "folds[i]" : RowCode.Read(rows, c.Name), indexed: true));
        return RowCode.TableStep(
            $"numbers each row's fold (1 to {K}) in '{Column}', {how}, seeded",
            rows,
            output,
            body);
    }
}
