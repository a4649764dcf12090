using Loom.Components.Labels;
using Loom.Components.Reporting;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Evaluation;

/// <summary>Measures a binary classifier on labelled rows.</summary>
[Component("evaluate.binary", "1.0.0", Example = "evaluate: { component: evaluate.binary@1, inputs: { model: train.model, table: split.test } }", Category = "evaluate", Description = "Scores labelled rows with a binary model and measures it: AUC, accuracy, F1, log-loss, precision, recall, area under the precision-recall curve, and the confusion matrix.")]
[Input("model", ArtifactKind.Model, Description = "A binary classification model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with the label column (the test rows).")]
[Output("metrics", ArtifactKind.Metrics, Description = "auc, accuracy, f1, log_loss, precision, recall, auprc, the confusion matrix, and the ROC and precision-recall curves.")]
internal sealed partial class EvaluateBinary : IComponent
{
    [Parameter("label", Description = "Label column; by default the one the model was trained on.")]
    public string? Label { get; set; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var (model, data) = await EvaluationInput.LoadAsync(ml, context, "binary", Label).ConfigureAwait(false);
        var scored = model.Model.Transform(data.Table);
        var m = ml.BinaryClassification.Evaluate(scored, LabelPreparation.Column);
        var metrics = new Dictionary<string, double>
        {
            ["auc"] = m.AreaUnderRocCurve,
            ["accuracy"] = m.Accuracy,
            ["f1"] = m.F1Score,
            ["log_loss"] = m.LogLoss,
            ["precision"] = m.PositivePrecision,
            ["recall"] = m.PositiveRecall,
            ["auprc"] = m.AreaUnderPrecisionRecallCurve,
        };
        context.Logger.LogInformation("auc {Auc:F4}, accuracy {Accuracy:F4}, f1 {F1:F4}", m.AreaUnderRocCurve, m.Accuracy, m.F1Score);

        // ML.NET orders the matrix positive first; Loom reports it as [negative, positive].
        var c = m.ConfusionMatrix.Counts;
        var matrix = new ConfusionMatrixDocument([model.Card.NegativeClass!, model.Card.PositiveClass!], [[c[1][1], c[1][0]], [c[0][1], c[0][0]]]);
        var truth = data.Table.Columns[LabelPreparation.Column].Cast<bool?>().Select(b => b == true ? 1.0 : 0.0).ToArray();
        var probability = scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
        CurveDocument[] curves = [CurveDocument.From(Curves.Roc(truth, probability)), CurveDocument.From(Curves.PrecisionRecall(truth, probability))];
        await new MetricsDocument { Task = "binary", Rows = data.Table.Rows.Count, Metrics = metrics, ConfusionMatrix = matrix, Curves = curves }.WriteAsync(context, "metrics").ConfigureAwait(false);
    }
}
