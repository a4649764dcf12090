using Loom.Components.CodeGen;

namespace Loom.Components.Evaluation;

/// <content>
/// The step as code: ML.NET's clustering evaluator on the scored rows, with the known classes as a key
/// (the rows whose class is missing left out, as the platform leaves them out) when a label is given.
/// </content>
internal sealed partial class EvaluateClustering : ICodeEmitter
{
    public Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken) =>
        EvaluationCode.MethodAsync(step, "clustering", null, (card, rows) =>
        {
            if (string.IsNullOrEmpty(Label))
            {
                return
                [
                    "var scored = model.Transformer.Transform(ml.Data.LoadFromEnumerable(table));",
                    "var m = ml.Clustering.Evaluate(scored, scoreColumnName: \"Score\", featureColumnName: \"Features\");",
                    Log,
                    .. EvaluationCode.Return([("average_distance", "m.AverageDistance"), ("davies_bouldin", "m.DaviesBouldinIndex")]),
                ];
            }

            var label = rows.Shape.Columns.FirstOrDefault(c => c.Name == Label) ?? throw step.Unsupported($"column '{Label}' is not in the table");
            return
            [
                $"var data = ml.Data.LoadFromEnumerable({(label.Kind == "boolean" ? "table" : $"table.Where(row => !({label.MissingIn("row")}))")});",
                $"var classes = ml.Transforms.Conversion.MapValueToKey(\"Label\", {CSharpLiteral.Of(Label)}).Fit(data).Transform(data);",
                "var scored = model.Transformer.Transform(classes);",
                "var m = ml.Clustering.Evaluate(scored, \"Label\", \"Score\", \"Features\");",
                Log,
                .. EvaluationCode.Return([("average_distance", "m.AverageDistance"), ("davies_bouldin", "m.DaviesBouldinIndex"), ("nmi", "m.NormalizedMutualInformation")]),
            ];
        }, cancellationToken);

    private const string Log = "logger.LogInformation(\"average distance {Distance:F4}, Davies-Bouldin {Db:F4}\", m.AverageDistance, m.DaviesBouldinIndex);";
}
