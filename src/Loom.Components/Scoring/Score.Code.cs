using Loom.Components.CodeGen;
using Loom.Components.Models;
using Microsoft.ML;

namespace Loom.Components.Scoring;

/// <content>
/// The step as code: the model applied to the rows, and its prediction columns appended to each row as the
/// platform appends them (the prediction, then the probability or score where the task has them).
/// </content>
internal sealed partial class Score : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var card = ModelFiles.Load(new MLContext(step.Seed), step.InputArtifact("model")).Card;
        var rows = await step.InputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        var output = await step.OutputRowsAsync("table", cancellationToken).ConfigureAwait(false);
        foreach (var input in card.Inputs.Where(i => rows.Shape.Columns.FirstOrDefault(c => c.Name == i.Name)?.Kind != i.Type))
        {
            throw step.Unsupported($"column '{input.Name}' is not {input.Type} in the scored rows, as the model reads it; the platform converts it, generated code does not yet");
        }

        // The scorer's columns, in the order the platform appends them, and how each is read from the scored view.
        (string Column, string Read)[] predictions = card.Task switch
        {
            "binary" => [("Prediction", "GetColumn<ReadOnlyMemory<char>>(\"Prediction\").Select(p => p.ToString())"), ("Probability", "GetColumn<float>(\"Probability\")"), ("Score", "GetColumn<float>(\"Score\")")],
            "multiclass" => [("Prediction", "GetColumn<ReadOnlyMemory<char>>(\"Prediction\").Select(p => p.ToString())"), ("Probability", "GetColumn<VBuffer<float>>(\"Score\").Select(s => s.DenseValues().Max())")],
            "regression" or "ranking" => [("Prediction", "GetColumn<float>(\"Prediction\")")],
            "clustering" => [("Prediction", "GetColumn<uint>(\"Prediction\")")],
            "anomaly" => [("Prediction", "GetColumn<bool>(\"Prediction\")"), ("Score", "GetColumn<float>(\"Score\")")],
            _ => throw step.Unsupported($"scoring with a {card.Task} model is not generated yet"),
        };
        var appended = output.Shape.Columns.Skip(rows.Shape.Columns.Count).ToList();
        var body = new List<string>
        {
            $"var ml = new MLContext(seed: {step.Seed});",
            "var scored = model.Transformer.Transform(ml.Data.LoadFromEnumerable(table));",
        };
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var p = 0; p < predictions.Length; p++)
        {
            var variable = CSharpNames.Camel(predictions[p].Column);
            body.Add($"var {variable} = scored.{predictions[p].Read}.ToList();");
            values[appended[p].Name] = $"{variable}[i]";
        }

        body.AddRange(RowCode.Convert("table", output, c => values.TryGetValue(c.Name, out var value) ? value : RowCode.Read(rows, c.Name), indexed: true));
        return new StepMethod(
            $"appends the {card.Task} model's {string.Join(", ", appended.Select(c => $"'{c.Name}'"))} to each row",
            [new MethodPort("model", "TrainedModel", "model"), StepCode.TableInput("table", rows)],
            [StepCode.TableOutput("table", output, "table")],
            body);
    }
}
