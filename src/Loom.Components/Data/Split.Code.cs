using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>The step as code: the same seeded (and stratified) split, through the generated DataSplit helper.</content>
internal sealed partial class Split : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(Group) || !string.IsNullOrEmpty(TimeColumn))
        {
            throw step.Unsupported("splits by group or by time are not generated yet; random and stratified splits are");
        }

        var shape = await TableShape.ReadAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        step.Code.UseRows(shape, step.Name);
        step.Code.Helpers.Add("DataSplit");
        var fraction = step.Value("test_fraction", CSharpLiteral.Of(TestFraction));
        var seed = Seed is { } given ? (int)given : step.Seed;
        var call = string.IsNullOrEmpty(Stratify)
            ? $"DataSplit.Random(table, {fraction}, seed: {seed})"
            : $"DataSplit.Stratified(table, row => {shape[Stratify].TextOf("row")}, {fraction}, seed: {seed})";
        var how = string.IsNullOrEmpty(Stratify) ? "at random" : $"stratified by '{Stratify}'";
        return new StepMethod(
            $"splits the rows into train and test {how}, seeded, rows kept in order",
            [step.TableInput("table")],
            [new MethodPort("train", step.Code.RowsType, "Train"), new MethodPort("test", step.Code.RowsType, "Test")],
            [
                $"var (train, test) = {call};",
                "logger.LogInformation(\"split {Rows} rows into {Train} train and {Test} test\", table.Count, train.Count, test.Count);",
                "return (train, test);",
            ]);
    }
}
