using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Scoring;

/// <summary>Applies a trained model to raw rows.</summary>
[Component("score", "1.0.0", Category = "score", Description = "Applies a trained model to raw rows (no label needed) and appends its predictions: Prediction, plus Probability for classifiers and Score for binary models.")]
[Input("model", ArtifactKind.Model, Description = "A trained model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the columns the model reads.")]
[Output("table", ArtifactKind.Table, Description = "The input rows with prediction columns appended.")]
internal sealed class Score : IComponent
{
    private static readonly string[] OutputColumns = ["Prediction", "Probability", "Score"];

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var model = ModelPackage.Load(ml, context.GetInput("model").Path);
        var table = ModelInputs.Conform(await TableIO.LoadAsync(context, "table").ConfigureAwait(false), model.Card.Inputs, context.StepName);
        var clash = OutputColumns.FirstOrDefault(c => table.Columns.IndexOf(c) >= 0);
        if (clash is not null)
        {
            throw new DataException($"step '{context.StepName}': the table already has a column '{clash}', which score adds; rename or drop it first (score writes {string.Join(", ", OutputColumns)})");
        }

        var scored = model.Model.Transform(table);
        var output = table.Clone();
        switch (model.Card.Task)
        {
            case "binary":
                output.Columns.Add(new StringDataFrameColumn("Prediction", scored.GetColumn<ReadOnlyMemory<char>>("Prediction").Select(v => v.ToString())));
                output.Columns.Add(new SingleDataFrameColumn("Probability", scored.GetColumn<float>("Probability")));
                output.Columns.Add(new SingleDataFrameColumn("Score", scored.GetColumn<float>("Score")));
                break;
            case "regression":
                output.Columns.Add(new SingleDataFrameColumn("Prediction", scored.GetColumn<float>("Prediction")));
                break;
            case "multiclass":
                output.Columns.Add(new StringDataFrameColumn("Prediction", scored.GetColumn<ReadOnlyMemory<char>>("Prediction").Select(v => v.ToString())));
                output.Columns.Add(new SingleDataFrameColumn("Probability", scored.GetColumn<VBuffer<float>>("Score").Select(s => s.DenseValues().Max())));
                break;
            default:
                throw new DataException($"step '{context.StepName}': the model is a {model.Card.Task} ({model.Card.Producer}), not a trained model; bind a trainer's model");
        }

        context.Logger.LogInformation("scored {Rows} rows with {Producer}", output.Rows.Count, model.Card.Producer);
        await TableIO.WriteAsync(context, "table", output).ConfigureAwait(false);
    }
}
