using Loom.Components.CodeGen;

namespace Loom.Components.Evaluation;

/// <content>The step as code: ML.NET's multiclass evaluator, with the metrics under the platform's names.</content>
internal sealed partial class EvaluateMulticlass : ICodeEmitter
{
    public Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken) =>
        EvaluationCode.MethodAsync(step, "multiclass", Label,
        [
            "var m = ml.MulticlassClassification.Evaluate(scored, \"Label\");",
            "logger.LogInformation(\"macro accuracy {Macro:F4}, micro accuracy {Micro:F4}, log-loss {LogLoss:F4}\", m.MacroAccuracy, m.MicroAccuracy, m.LogLoss);",
            "return new Dictionary<string, double>",
            "{",
            "    [\"macro_accuracy\"] = m.MacroAccuracy,",
            "    [\"micro_accuracy\"] = m.MicroAccuracy,",
            "    [\"log_loss\"] = m.LogLoss,",
            "    [\"log_loss_reduction\"] = m.LogLossReduction,",
            "};",
        ], cancellationToken);
}
