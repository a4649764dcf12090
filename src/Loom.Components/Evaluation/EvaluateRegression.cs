using Loom.Components.Labels;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>Measures a regression model on labelled rows.</summary>
[Component("evaluate.regression", "1.0.0", Example = "evaluate: { component: evaluate.regression@1, inputs: { model: train.model, table: split.test } }", Category = "evaluate", Description = "Scores labelled rows with a regression model and measures it: RMSE, MAE, R² and MSE.")]
[Input("model", ArtifactKind.Model, Description = "A regression model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the numeric label column (the test rows).")]
[Output("metrics", ArtifactKind.Metrics, Description = "rmse, mae, r2 and mse.")]
internal sealed partial class EvaluateRegression : IComponent
{
    [Parameter("label", Description = "Label column; by default the one the model was trained on.")]
    public string? Label { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var (model, data) = await EvaluationInput.LoadAsync(ml, context, "regression", Label).ConfigureAwait(false);
        var m = ml.Regression.Evaluate(model.Model.Transform(data.Table), LabelPreparation.Column, "Prediction");
        context.Logger.LogInformation("rmse {Rmse:F4}, mae {Mae:F4}, r2 {R2:F4}", m.RootMeanSquaredError, m.MeanAbsoluteError, m.RSquared);
        var metrics = new Dictionary<string, double>
        {
            ["rmse"] = m.RootMeanSquaredError,
            ["mae"] = m.MeanAbsoluteError,
            ["r2"] = m.RSquared,
            ["mse"] = m.MeanSquaredError,
        };
        await new MetricsDocument { Task = "regression", Rows = data.Table.Rows.Count, Metrics = metrics }.WriteAsync(context, "metrics").ConfigureAwait(false);
    }
}
