using Loom.Components.CodeGen;
using Loom.Components.Models;
using Microsoft.ML;

namespace Loom.Components.Evaluation;

/// <summary>What the evaluators' generated code shares: the model's card and the method around the metrics.</summary>
internal static class EvaluationCode
{
    /// <summary>An evaluator that scores the labelled rows (<c>scored</c>) and measures them with <paramref name="measure"/>.</summary>
    public static Task<StepMethod> MethodAsync(StepCode step, string task, string? labelOverride, IReadOnlyList<string> measure, CancellationToken cancellationToken) =>
        MethodAsync(step, task, labelOverride, (card, rows) => [$"var scored = model.Transformer.Transform({LabelCode.Require(step, card, rows)}(ml, table));", .. measure], cancellationToken);

    /// <summary>An evaluator whose body after the seeded <c>ml</c> context is <paramref name="measure"/>'s code for the model's card and the rows' class.</summary>
    public static async Task<StepMethod> MethodAsync(StepCode step, string task, string? labelOverride, Func<ModelCard, RowClass, IEnumerable<string>> measure, CancellationToken cancellationToken)
    {
        var card = ModelFiles.Load(new MLContext(step.Seed), step.InputArtifact("model")).Card;
        if (card.Task != task)
        {
            throw step.Unsupported($"the model is a {card.Task} model");
        }

        if (labelOverride is not null && labelOverride != card.Label)
        {
            throw step.Unsupported("evaluating on another label than the model's is not generated yet");
        }

        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        List<string> body = [$"var ml = new MLContext(seed: {step.Seed});", .. measure(card, rows)];
        return new StepMethod(
            $"scores the rows with the {task} model and measures it",
            [new MethodPort("model", "TrainedModel", "model"), StepCode.TableInput("table", rows)],
            [new MethodPort("metrics", "IReadOnlyDictionary<string, double>", "metrics")],
            body);
    }

    /// <summary>Lines returning the metrics: each name with its value's expression.</summary>
    public static IEnumerable<string> Return(IEnumerable<(string Name, string Value)> metrics) =>
        ["return new Dictionary<string, double>", "{", .. metrics.Select(m => $"    [{CSharpLiteral.Of(m.Name)}] = {m.Value},"), "};"];
}
