using Loom.Components.CodeGen;

namespace Loom.Components.Evaluation;

/// <content>The step as code: ML.NET's regression evaluator, with the metrics under the platform's names.</content>
internal sealed partial class EvaluateRegression : ICodeEmitter
{
    public Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken) =>
        EvaluationCode.MethodAsync(step, "regression", Label,
        [
            "var m = ml.Regression.Evaluate(scored, \"Label\", \"Prediction\");",
            "logger.LogInformation(\"rmse {Rmse:F4}, mae {Mae:F4}, r2 {R2:F4}\", m.RootMeanSquaredError, m.MeanAbsoluteError, m.RSquared);",
            "return new Dictionary<string, double>",
            "{",
            "    [\"rmse\"] = m.RootMeanSquaredError,",
            "    [\"mae\"] = m.MeanAbsoluteError,",
            "    [\"r2\"] = m.RSquared,",
            "    [\"mse\"] = m.MeanSquaredError,",
            "};",
        ], cancellationToken);
}
