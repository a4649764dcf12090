using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Extensions.Logging;

namespace Loom.Components.Onnx;

/// <summary>Scores rows with an ONNX model.</summary>
[Component("score.onnx", "1.0.0", RowWiseInput = "table", Example = "score: { component: score.onnx@1, inputs: { table: load.table }, params: { path: models/churn.onnx, outputs: [Probability] } }", Category = "score", Description = "Scores rows with an ONNX model (from export.onnx or trained elsewhere: scikit-learn, PyTorch, XGBoost) through ONNX Runtime, batch by batch: each model input is fed from the column of its name, after checking that every input has a column of a fitting type; the model's outputs are appended as columns (an output of k values per row becomes k columns).")]
[Input("table", ArtifactKind.Table, Description = "Rows with a column for each of the model's inputs.")]
[Input("onnx", ArtifactKind.File, Optional = true, Description = "The ONNX model, from export.onnx; or give 'path'.")]
[Output("table", ArtifactKind.Table, Description = "The rows with the model's outputs appended.")]
internal sealed partial class ScoreOnnx : IComponent
{
    [Parameter("path", InputFile = true, Description = "Path of an .onnx file, relative to the workspace, when the model is not bound to the 'onnx' input.")]
    public string? Path { get; set; }

    [Parameter("outputs", Description = "The model outputs to append; by default every output that is not one of the table's own columns passed through.")]
    public string[] Outputs { get; set; } = [];

    public async Task ExecuteAsync(IComponentContext context)
    {
        var file = (context.HasInput("onnx"), string.IsNullOrEmpty(Path)) switch
        {
            (true, true) => context.GetInput("onnx").Path,
            (false, false) => Path!,
            (true, false) => throw new DataException($"step '{context.StepName}': give the ONNX model once: either bind the 'onnx' input or set 'path'"),
            _ => throw new DataException($"step '{context.StepName}': no ONNX model: bind the 'onnx' input or set 'path'"),
        };
        using var onnx = new OnnxScorer(file, context.StepName);
        List<string>? outputs = null;
        var rows = await TableIO.MapAsync(context, "table", "table", batch =>
        {
            if (outputs is null)
            {
                onnx.Check(batch);
                var available = onnx.Outputs.Keys.ToList();
                foreach (var unknown in Outputs.Where(o => !available.Contains(o) && !available.Contains(o + ".output")))
                {
                    throw new DataException($"step '{context.StepName}', 'outputs': the ONNX model has no output '{unknown}'; its outputs are {string.Join(", ", available)}");
                }

                outputs = Outputs.Length > 0
                    ? [.. Outputs.Select(o => available.Contains(o) ? o : o + ".output")]
                    : [.. available.Where(o => batch.Columns.IndexOf(OnnxScorer.ColumnName(o)) < 0)];
                context.Logger.LogInformation("ONNX outputs appended: {Outputs}", string.Join(", ", outputs));
            }

            var output = batch.Clone();
            foreach (var column in onnx.Score(batch, outputs))
            {
                var name = column.Name;
                for (var n = 1; output.Columns.IndexOf(name) >= 0; n++)
                {
                    name = $"{column.Name}_{n}";
                }

                column.SetName(name);
                output.Columns.Add(column);
            }

            return output;
        }).ConfigureAwait(false);
        context.Logger.LogInformation("scored {Rows} rows with ONNX Runtime", rows);
    }
}
