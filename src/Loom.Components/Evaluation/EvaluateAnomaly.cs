using Loom.Components.Labels;
using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>Measures an anomaly detector on rows whose anomalies are known.</summary>
[Component("evaluate.anomaly", "1.0.0", Example = "check: { component: evaluate.anomaly@1, inputs: { model: detector.model, table: labelled.table }, params: { label: fraud, anomaly: 'yes' } }", Category = "evaluate", Description = "Scores rows whose anomalies are known with an anomaly model and measures it: AUC of the anomaly score and the share of anomalies caught among the top-scored rows.")]
[Input("model", ArtifactKind.Model, Description = "An anomaly detection model.")]
[Input("table", ArtifactKind.Table, Description = "Raw rows with a column telling which are anomalies.")]
[Output("metrics", ArtifactKind.Metrics, Description = "auc and detection_rate (anomalies found before the first false_positives normal rows).")]
internal sealed partial class EvaluateAnomaly : IComponent
{
    [Parameter("label", Required = true, Description = "Column telling which rows are anomalies.")]
    public string Label { get; set; } = "";

    [Parameter("anomaly", Description = "Label value that marks an anomaly, every other value being normal; by default the label must have two values, and true or 1 (else the minority value) marks anomalies.")]
    public string? Anomaly { get; set; }

    [Parameter("false_positives", Min = 1, Max = 1000000, Description = "Normal rows allowed among the top-scored rows when counting the detection rate.")]
    public int FalsePositives { get; set; } = 10;

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var (model, data) = await EvaluationInput.LoadAsync(ml, context, "anomaly", null).ConfigureAwait(false);
        // With an explicit anomaly value every other value is normal; otherwise the label must have two values.
        var (positive, negative, reason) = Anomaly is not null
            ? (Anomaly, (string?)null, "given by parameter 'anomaly'; every other value is normal")
            : LabelPreparation.BinaryClasses(data.Table, Label, null, context.StepName);
        context.Logger.LogInformation("label '{Label}': anomalies are '{Positive}' ({Reason})", Label, positive, reason);
        var prepared = LabelPreparation.Binary(data.Table, Label, positive, negative, context.StepName);
        // The anomaly evaluator reads the label as a number: 1 for an anomaly.
        var scored = ml.Transforms.Conversion.ConvertType("__loom_label_number", LabelPreparation.Column, Microsoft.ML.Data.DataKind.Single)
            .Fit(prepared.Table).Transform(model.Model.Transform(prepared.Table));
        var m = ml.AnomalyDetection.Evaluate(scored, "__loom_label_number", "Score", "PredictedLabel", FalsePositives);
        var metrics = new Dictionary<string, double>
        {
            ["auc"] = m.AreaUnderRocCurve,
            ["detection_rate"] = m.DetectionRateAtFalsePositiveCount,
        };
        context.Logger.LogInformation("auc {Auc:F4}, detection rate {Rate:F4} at {Count} false positives", m.AreaUnderRocCurve, m.DetectionRateAtFalsePositiveCount, FalsePositives);
        await new MetricsDocument { Task = "anomaly", Rows = prepared.Table.Rows.Count, Metrics = metrics }.WriteAsync(context, "metrics").ConfigureAwait(false);
    }
}
