using Loom.Components.CodeGen;

namespace Loom.Components.Data;

/// <content>The step as code: ML.NET's text loader into the generated row class.</content>
internal sealed partial class ReadCsv : ICodeEmitter
{
    private static readonly string[] DefaultMissingValues = ["NA", "N/A", "NaN", "null", "NULL", "?"];

    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        if (Encoding != "utf-8")
        {
            throw step.Unsupported($"encoding '{Encoding}' is not generated; only utf-8 files are read by the generated code");
        }

        if (!MissingValues.Order(StringComparer.Ordinal).SequenceEqual(DefaultMissingValues.Order(StringComparer.Ordinal)))
        {
            throw step.Unsupported("custom missing_values are not generated; the generated loader reads empty fields as missing");
        }

        var rows = await step.OutputRowsAsync("table", cancellationToken, readFromFile: true).ConfigureAwait(false);
        var shipped = CSharpLiteral.Of(step.Code.ShipDataFile(Path));
        if (step.BoundOption("path") is { } option)
        {
            step.Code.OptionDefaults[option] = shipped;
        }

        var separator = ParseDelimiter() == "\t" ? "'\\t'" : $"'{ParseDelimiter()}'";
        return new StepMethod(
            $"reads {System.IO.Path.GetFileName(Path)} into rows: {rows.Shape.Columns.Count} typed columns, empty fields missing",
            [],
            [StepCode.TableOutput("table", rows, "table")],
            [
                $"var ml = new MLContext(seed: {step.Seed});",
                $"var path = {step.Value("path", shipped)};",
                $"var view = ml.Data.LoadFromTextFile<{rows.Name}>(path, new TextLoader.Options",
                "{",
                $"    HasHeader = {CSharpLiteral.Of(Header)},",
                $"    Separators = [{separator}],",
                "    AllowQuoting = true,",
                "    ReadMultilines = true,",
                "    MissingRealsAsNaNs = true,",
                "});",
                $"var table = ml.Data.CreateEnumerable<{rows.Name}>(view, reuseRowObject: false).ToList();",
                "logger.LogInformation(\"read {Rows} rows from {File}\", table.Count, path);",
                "return table;",
            ]);
    }
}
