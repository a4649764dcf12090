using Loom.Components.CodeGen;

namespace Loom.Components.Evaluation;

/// <content>The step as code: ML.NET's binary evaluator, with the metrics under the platform's names.</content>
internal sealed partial class EvaluateBinary : ICodeEmitter
{
    public Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken) =>
        EvaluationCode.MethodAsync(step, "binary", Label,
        [
            "var m = ml.BinaryClassification.Evaluate(scored, \"Label\");",
            "logger.LogInformation(\"auc {Auc:F4}, accuracy {Accuracy:F4}, f1 {F1:F4}\", m.AreaUnderRocCurve, m.Accuracy, m.F1Score);",
            "return new Dictionary<string, double>",
            "{",
            "    [\"auc\"] = m.AreaUnderRocCurve,",
            "    [\"accuracy\"] = m.Accuracy,",
            "    [\"f1\"] = m.F1Score,",
            "    [\"log_loss\"] = m.LogLoss,",
            "    [\"precision\"] = m.PositivePrecision,",
            "    [\"recall\"] = m.PositiveRecall,",
            "    [\"auprc\"] = m.AreaUnderPrecisionRecallCurve,",
            "};",
        ], cancellationToken);
}
