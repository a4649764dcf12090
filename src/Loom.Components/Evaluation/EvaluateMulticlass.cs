using Loom.Components.Labels;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>Measures a multiclass classifier on labelled rows.</summary>
[Component("evaluate.multiclass", "1.0.0", Example = "evaluate: { component: evaluate.multiclass@1, inputs: { model: train.model, table: split.test } }", Category = "evaluate", Description = "Scores labelled rows with a multiclass model and measures it: macro and micro accuracy, log-loss, log-loss reduction, and the confusion matrix.")]
[Input("model", ArtifactKind.Model, Description = "A multiclass classification model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the label column (the test rows).")]
[Output("metrics", ArtifactKind.Metrics, Description = "macro_accuracy, micro_accuracy, log_loss, log_loss_reduction and the confusion matrix.")]
internal sealed partial class EvaluateMulticlass : IComponent
{
    [Parameter("label", Description = "Label column; by default the one the model was trained on.")]
    public string? Label { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var (model, data) = await EvaluationInput.LoadAsync(ml, context, "multiclass", Label).ConfigureAwait(false);
        var classes = model.Card.Classes!;
        var unseen = LabelValues.Read(data.Table.Columns[LabelPreparation.Column]).OfType<string>().Distinct().Except(classes).ToList();
        if (unseen.Count > 0)
        {
            // ML.NET would silently leave such rows out of every metric; say so instead of inflating them.
            throw new DataException($"step '{context.StepName}': label value(s) {string.Join(", ", unseen.Take(10))} never appeared in training; the model knows only {string.Join(", ", classes)}");
        }

        var scored = MulticlassLabel.AddKey(ml, model.Model.Transform(data.Table), classes);
        var m = ml.MulticlassClassification.Evaluate(scored, MulticlassLabel.KeyColumn);
        context.Logger.LogInformation("macro accuracy {Macro:F4}, micro accuracy {Micro:F4}, log-loss {LogLoss:F4}", m.MacroAccuracy, m.MicroAccuracy, m.LogLoss);
        var metrics = new Dictionary<string, double>
        {
            ["macro_accuracy"] = m.MacroAccuracy,
            ["micro_accuracy"] = m.MicroAccuracy,
            ["log_loss"] = m.LogLoss,
            ["log_loss_reduction"] = m.LogLossReduction,
        };
        var matrix = new ConfusionMatrixDocument(classes, m.ConfusionMatrix.Counts);
        await new MetricsDocument { Task = "multiclass", Rows = data.Table.Rows.Count, Metrics = metrics, ConfusionMatrix = matrix }.WriteAsync(context, "metrics").ConfigureAwait(false);
    }
}
