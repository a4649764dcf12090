using Loom.Components.CodeGen;
using Loom.Components.Models;
using Microsoft.ML;

namespace Loom.Components.Onnx;

/// <content>
/// The step as code: ML.NET's ONNX converter on the model's input columns of the first rows, then the platform's
/// check — ONNX Runtime scores those rows with the exported model, and its scores (and class predictions) must
/// match the model's — through the generated OnnxScores helper; the file is one the training app saves.
/// </content>
internal sealed partial class ExportOnnx : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var card = ModelFiles.Load(new MLContext(step.Seed), step.InputArtifact("model")).Card;
        if (card.Task is "transform")
        {
            throw step.Unsupported($"the model is a transform ({card.Producer})");
        }

        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        if (card.Inputs.FirstOrDefault(i => rows.Shape.Columns.All(c => c.Name != i.Name)) is { } missing)
        {
            throw step.Unsupported($"the model's input column '{missing.Name}' is not in the table");
        }

        step.Code.Packages.Add("Microsoft.ML.OnnxConverter");
        step.Code.Packages.Add("Microsoft.ML.OnnxRuntime");
        step.Code.Helpers.Add("OnnxScores");
        var checkRows = step.Value("check_rows", CSharpLiteral.Of(CheckRows));
        var tolerance = step.Value("tolerance", CSharpLiteral.Of(Tolerance));
        return new StepMethod(
            $"exports the model as ONNX, checked: ONNX Runtime's scores on the first {CheckRows} rows match the model's within {Tolerance:G} (relative above 1)",
            [new MethodPort("model", "TrainedModel", "model"), StepCode.TableInput("table", rows)],
            [new MethodPort("onnx", "DataFile", "onnx")],
            [
                "if (table.Count == 0)",
                "{",
                "    throw new InvalidDataException(\"the table has no rows to check the ONNX export with\");",
                "}",
                "",
                $"var ml = new MLContext(seed: {step.Seed});",
                "// Only the model's input columns, read straight from the rows: ONNX inputs are the columns the data starts with.",
                $"string[] inputs = [{string.Join(", ", card.Inputs.Select(i => CSharpLiteral.Of(i.Name)))}];",
                $"var columns = SchemaDefinition.Create(typeof({rows.Name}));",
                "columns.RemoveAll(c => !inputs.Contains(c.ColumnName));",
                $"var sample = ml.Data.LoadFromEnumerable(table.Take({checkRows}).ToList(), columns);",
                "using var exported = new MemoryStream();",
                "ml.Model.ConvertToOnnx(model.Transformer, sample, exported);",
                "var onnx = exported.ToArray();",
                "var difference = OnnxScores.LargestDifference(onnx, model.Transformer, sample);",
                "logger.LogInformation(\"exported to ONNX; largest score difference on {Rows} rows: {Difference:E2}\", Math.Min(table.Count, " + checkRows + "), difference);",
                $"if (difference > {tolerance})",
                "{",
                $"    throw new InvalidDataException($\"the ONNX model's scores differ from the model's by up to {{difference:E2}} on the first rows, more than the tolerance {{{tolerance}:E2}}\");",
                "}",
                "",
                "return new DataFile(\"onnx\", stream => stream.WriteAsync(onnx).AsTask());",
            ]);
    }
}
