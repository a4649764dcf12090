using Loom.Components.CodeGen;
using Loom.Components.Models;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>What the evaluators' generated code shares: the model's card and the method around the metrics.</summary>
internal static class EvaluationCode
{
    public static async Task<StepMethod> MethodAsync(StepCode step, string task, string? labelOverride, IReadOnlyList<string> measure, CancellationToken cancellationToken)
    {
        var card = ModelPackage.Load(new MLContext(step.Seed), step.InputArtifact("model")).Card;
        if (card.Task != task)
        {
            throw step.Unsupported($"the model is a {card.Task} model");
        }

        if (labelOverride is not null && labelOverride != card.Label)
        {
            throw step.Unsupported("evaluating on another label than the model's is not generated yet");
        }

        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var labeled = LabelCode.Require(step, card, rows);
        List<string> body =
        [
            $"var ml = new MLContext(seed: {step.Seed});",
            $"var scored = model.Transformer.Transform({labeled}(ml, table));",
            .. measure,
        ];
        return new StepMethod(
            $"scores the rows with the {task} model and measures it",
            [new MethodPort("model", "TrainedModel", "model"), StepCode.TableInput("table", rows)],
            [new MethodPort("metrics", "IReadOnlyDictionary<string, double>", "metrics")],
            body);
    }
}
