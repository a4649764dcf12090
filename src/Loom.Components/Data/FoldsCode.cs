using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <summary>The generated call numbering each row's fold (1 to k) through the DataFolds helper, as data.kfold and cross-validation number them.</summary>
internal static class FoldsCode
{
    /// <summary>The call over <c>table</c>, and how it makes the folds; the helper it calls is added to the code.</summary>
    public static (string Call, string How) Of(StepCode step, RowClass rows, string? stratify, string? group, int k, long? seed)
    {
        var seedCode = seed is { } given ? step.Value("seed", CSharpLiteral.Of((int)given)) : CSharpLiteral.Of(step.Seed);
        var kCode = step.Value("k", CSharpLiteral.Of(k));
        var (call, how) = (stratify, group) switch
        {
            ({ Length: > 0 } column, _) => ($"DataFolds.Dealt(table, row => {rows.Shape[column].TextOf("row")}, {kCode}, seed: {seedCode})", $"dealt so each class of '{column}' keeps its share"),
            (_, { Length: > 0 } column) => ($"DataFolds.Groups(table, row => {rows.Shape[column].TextOf("row")}, {kCode}, seed: {seedCode})", $"keeping the rows of each '{column}' in one fold"),
            _ => ($"DataFolds.Dealt(table, _ => \"\", {kCode}, seed: {seedCode})", "at random"),
        };
        step.Code.Helpers.Add(call[..call.IndexOf('(', StringComparison.Ordinal)]);
        if (call.Contains("CultureInfo", StringComparison.Ordinal))
        {
            step.Code.Usings.Add("System.Globalization");
        }

        return (call, how);
    }
}
