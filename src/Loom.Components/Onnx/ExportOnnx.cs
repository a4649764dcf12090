using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Onnx;

/// <summary>Exports a trained model as ONNX.</summary>
[Component("export.onnx", "1.0.0", Example = "onnx: { component: export.onnx@1, inputs: { model: train.model, table: split.train } }", Category = "export", Description = "Exports a trained model (the whole chain from raw columns) as an ONNX model for ONNX Runtime in any language, then checks it: the ONNX model scores sample rows and its scores must match the model's. A transform ML.NET cannot export (such as an expression) fails the step with ML.NET's reason.")]
[Input("model", ArtifactKind.Model, Description = "A trained model.")]
[Input("table", ArtifactKind.Table, Description = "Sample rows with the model's input columns (the training rows will do); the first rows are used for the check.")]
[Output("onnx", ArtifactKind.File, Description = "The ONNX model. Inputs are the raw columns (numbers as double, text as string, booleans as bool), each a [rows, 1] tensor; outputs include Score, PredictedLabel for classifiers and Probability for binary models.", Extension = "onnx")]
internal sealed partial class ExportOnnx : IComponent
{
    [Parameter("check_rows", Min = 1, Max = 65536, Description = "Rows scored by both models to check the export.")]
    public int CheckRows { get; set; } = 200;

    [Parameter("tolerance", Min = 0, Max = 1, Description = "Largest allowed difference between the two models' scores, relative to the score for scores above 1.")]
    public double Tolerance { get; set; } = 1e-4;

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var model = ModelFiles.Load(ml, context.GetInput("model").Path);
        if (model.Card.Task is "transform")
        {
            throw new DataException($"step '{context.StepName}': the model is a transform ({model.Card.Producer}); export a trained model");
        }

        await using var reader = await TableIO.OpenAsync(context, "table").ConfigureAwait(false);
        var sample = ModelInputs.Conform(await reader.ReadBatchAsync(0, context.CancellationToken).ConfigureAwait(false), model.Card.Inputs, context.StepName);
        sample = new DataFrame(model.Card.Inputs.Select(i => sample.Columns[i.Name])).Head(Math.Min(CheckRows, (int)sample.Rows.Count));
        if (sample.Rows.Count == 0)
        {
            throw new DataException($"step '{context.StepName}': the table has no rows to check the export with");
        }
        var path = Path.Combine(context.ScratchDirectory, "model.onnx");
        try
        {
            await using var file = File.Create(path);
            ml.Model.ConvertToOnnx(model.Model, sample, file);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException or NotImplementedException or KeyNotFoundException)
        {
            throw new DataException($"step '{context.StepName}': ML.NET cannot export this model to ONNX: {e.Message}");
        }

        double difference;
        try
        {
            difference = Parity(model, sample, path, context.StepName);
        }
        catch (Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
        {
            throw new DataException($"step '{context.StepName}': ML.NET exported this model to ONNX, but ONNX Runtime cannot score with it: {e.Message}");
        }

        context.Logger.LogInformation("exported to ONNX; largest score difference on {Rows} rows: {Difference:E2}", sample.Rows.Count, difference);
        if (difference > Tolerance)
        {
            throw new DataException($"step '{context.StepName}': the ONNX model's scores differ from the model's by up to {difference:E2} on the sample rows, more than the tolerance {Tolerance:E2}");
        }

        await context.WriteOutputAsync("onnx", async (stream, cancellationToken) =>
        {
            await using var file = File.OpenRead(path);
            await file.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The largest difference between the model's Score (and Probability) and the ONNX model's over the sample rows, relative for scores above 1 (32-bit floats hold about 7 digits).</summary>
    private static double Parity(ModelPackage model, DataFrame sample, string path, string step)
    {
        using var onnx = new OnnxScorer(path, step);
        var ours = model.Model.Transform(sample);
        var classes = ours.Schema.GetColumnOrNull("Prediction")?.Type is BooleanDataViewType or TextDataViewType;
        var wanted = onnx.Outputs.Keys.Where(o => OnnxScorer.ColumnName(o) is "Score" or "Probability" || (classes && OnnxScorer.ColumnName(o) == "Prediction")).ToList();
        var theirs = onnx.Score(sample, wanted).ToDictionary(c => c.Name);
        CheckPredictions(ours, theirs, step);
        var difference = 0.0;
        foreach (var name in new[] { "Score", "Probability" }.Where(n => ours.Schema.GetColumnOrNull(n) is not null))
        {
            var column = ours.Schema[name];
            var mine = column.Type is VectorDataViewType
                ? ours.GetColumn<VBuffer<float>>(column).Select(v => v.DenseValues().ToArray()).ToList()
                : ours.GetColumn<float>(column).Select(v => new[] { v }).ToList();
            for (var k = 0; k < mine[0].Length; k++)
            {
                var other = theirs.TryGetValue(mine[0].Length == 1 ? name : $"{name}_{k}", out var found) ? found
                    : throw new DataException($"step '{step}': the ONNX model has no output for '{name}'; the export is incomplete");
                for (var r = 0; r < mine.Count; r++)
                {
                    var theirsValue = (double)other[r]!;
                    var gap = double.IsNaN(mine[r][k]) && double.IsNaN(theirsValue) ? 0
                        : double.IsNaN(mine[r][k]) || double.IsNaN(theirsValue) ? double.PositiveInfinity
                        : Math.Abs(mine[r][k] - theirsValue) / Math.Max(1, Math.Abs(mine[r][k]));
                    difference = Math.Max(difference, gap);
                }
            }
        }

        return difference;
    }

    /// <summary>Class predictions (true/false or class names) must be equal row by row; numeric ones are covered by the scores.</summary>
    private static void CheckPredictions(IDataView ours, Dictionary<string, DataFrameColumn> theirs, string step)
    {
        if (ours.Schema.GetColumnOrNull("Prediction") is not { } column || column.Type is not (BooleanDataViewType or TextDataViewType))
        {
            return;
        }

        var other = theirs.TryGetValue("Prediction", out var found) ? found
            : throw new DataException($"step '{step}': the ONNX model has no output for 'Prediction'; the export is incomplete");
        var mine = column.Type is BooleanDataViewType
            ? ours.GetColumn<bool>(column).Select(b => CellText.Of(b)).ToList()
            : ours.GetColumn<ReadOnlyMemory<char>>(column).Select(t => CellText.Of(t.ToString())).ToList();
        for (var r = 0; r < mine.Count; r++)
        {
            if (mine[r] != CellText.Of(other[r]))
            {
                throw new DataException($"step '{step}': on sample row {r + 1} the ONNX model predicts '{CellText.Of(other[r])}' where the model predicts '{mine[r]}'; the export is not faithful");
            }
        }
    }
}
