using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>The step as code: the same split (random, stratified, by group or by time), through the generated DataSplit helper.</content>
internal sealed partial class Split : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        // A group role makes the platform split by group when no other way is given, as it does here.
        var roles = await step.RolesAsync("table", cancellationToken).ConfigureAwait(false);
        var group = roles.GroupFor(Group, Stratify, TimeColumn);
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var shape = rows.Shape;
        var fraction = step.Value("test_fraction", CSharpLiteral.Of(TestFraction));
        var seed = Seed is { } given ? step.Value("seed", CSharpLiteral.Of((int)given)) : CSharpLiteral.Of(step.Seed);
        var (call, how) = (Stratify, group, TimeColumn) switch
        {
            ({ Length: > 0 } column, _, _) => ($"DataSplit.Stratified(table, row => {shape[column].TextOf("row")}, {fraction}, seed: {seed})", $"stratified by '{column}', seeded"),
            (_, { Length: > 0 } column, _) => ($"DataSplit.Groups(table, row => {shape[column].TextOf("row")}, {fraction}, seed: {seed})", $"by whole groups of '{column}' at random, seeded"),
            (_, _, { Length: > 0 } column) => ($"DataSplit.Latest(table, {TimeOrder(shape[column])}, {fraction})", $"by time, the latest by '{column}' to test"),
            _ => ($"DataSplit.Random(table, {fraction}, seed: {seed})", "at random, seeded"),
        };
        step.Code.Helpers.Add(call[..call.IndexOf('(', StringComparison.Ordinal)]);
        if (call.Contains("CultureInfo", StringComparison.Ordinal))
        {
            step.Code.Usings.Add("System.Globalization");
        }

        return new StepMethod(
            $"splits the rows into train and test {how}, rows kept in order",
            [StepCode.TableInput("table", rows)],
            [StepCode.TableOutput("train", rows, "Train"), StepCode.TableOutput("test", rows, "Test")],
            [
                $"var (train, test) = {call};",
                "logger.LogInformation(\"split {Rows} rows into {Train} train and {Test} test\", table.Count, train.Count, test.Count);",
                "return (train, test);",
            ]);
    }

    /// <summary>The time of a row and its order, as the platform orders them: numbers by value, text ordinally, missing values first.</summary>
    private static string TimeOrder(TableColumn column) => column.Kind == "number"
        ? $"row => row.{column.Property}, Comparer<double>.Default"
        : $"row => {column.TextOf("row")}, StringComparer.Ordinal";
}
