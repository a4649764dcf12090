using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Scoring;

/// <summary>Applies a trained model to raw rows.</summary>
[Component("score", "1.0.0", RowWiseInput = "table", Example = "score: { component: score@1, inputs: { model: train.model, table: new_customers.table } }", Category = "score", Description = "Applies a trained model to raw rows (no label needed) and appends its predictions: Prediction (the class, number, relevance, cluster, or whether the row is an anomaly), plus Probability for classifiers and Score for binary and anomaly models (with a _1 suffix when the table already has a column of that name).")]
[Input("model", ArtifactKind.Model, Description = "A trained model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the columns the model reads.")]
[Output("table", ArtifactKind.Table, Description = "The input rows with prediction columns appended.")]
internal sealed partial class Score : IComponent
{
    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var model = ModelFiles.Load(ml, context.GetInput("model").Path);
        if (model.Card.Task is not ("binary" or "regression" or "multiclass" or "ranking" or "clustering" or "anomaly"))
        {
            throw new DataException($"step '{context.StepName}': the model is a {model.Card.Task} ({model.Card.Producer}), not a trained model; bind a trainer's model");
        }

        var warned = false;
        long firstRow = 0;
        var rows = await TableIO.MapAsync(context, "table", "table", batch =>
        {
            var output = ScoreBatch(model, batch, context.StepName, firstRow, out var renamed);
            firstRow += batch.Rows.Count;
            foreach (var (column, name) in renamed.Where(_ => !warned))
            {
                context.Logger.LogWarning("the table already has a column '{Column}'; the prediction column is named '{Name}'", column, name);
            }

            warned = true;
            return output;
        }).ConfigureAwait(false);
        context.Logger.LogInformation("scored {Rows} rows with {Producer}", rows, model.Card.Producer);
    }

    /// <summary>Appends the model's predictions to one batch of rows.</summary>
    private static DataFrame ScoreBatch(ModelPackage model, DataFrame batch, string step, long firstRow, out List<(string Column, string Name)> renamed)
    {
        var table = ModelInputs.Conform(batch, model.Card.Inputs, step, firstRow);
        var scored = model.Model.Transform(table);
        IEnumerable<DataFrameColumn> predictions = model.Card.Task switch
        {
            "binary" =>
            [
                new StringDataFrameColumn("Prediction", scored.GetColumn<ReadOnlyMemory<char>>("Prediction").Select(v => v.ToString())),
                new SingleDataFrameColumn("Probability", scored.GetColumn<float>("Probability")),
                new SingleDataFrameColumn("Score", scored.GetColumn<float>("Score")),
            ],
            "regression" or "ranking" => [new SingleDataFrameColumn("Prediction", scored.GetColumn<float>("Prediction"))],
            "clustering" => [new SingleDataFrameColumn("Prediction", scored.GetColumn<uint>("Prediction").Select(c => (float)c))],
            "anomaly" =>
            [
                new BooleanDataFrameColumn("Prediction", scored.GetColumn<bool>("Prediction")),
                new SingleDataFrameColumn("Score", scored.GetColumn<float>("Score")),
            ],
            _ =>
            [
                new StringDataFrameColumn("Prediction", scored.GetColumn<ReadOnlyMemory<char>>("Prediction").Select(v => v.ToString())),
                new SingleDataFrameColumn("Probability", scored.GetColumn<VBuffer<float>>("Score").Select(s => s.DenseValues().Max())),
            ],
        };

        renamed = [];
        var output = table.Clone();
        foreach (var column in predictions)
        {
            var name = FreeName(output, column.Name);
            if (name != column.Name)
            {
                renamed.Add((column.Name, name));
                column.SetName(name);
            }

            output.Columns.Add(column);
        }

        return output;
    }

    private static string FreeName(DataFrame table, string name)
    {
        var candidate = name;
        for (var n = 1; table.Columns.IndexOf(candidate) >= 0; n++)
        {
            candidate = $"{name}_{n}";
        }

        return candidate;
    }
}
