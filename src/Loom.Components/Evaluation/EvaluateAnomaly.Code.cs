using Loom.Components.CodeGen;
using Loom.Components.Labels;
using Loom.Components.Tables;

namespace Loom.Components.Evaluation;

/// <content>
/// The step as code: the labelled rows scored, each row's label turned into 1 for an anomaly and 0 for a normal
/// row (the anomaly value as the run chose it), and ML.NET's anomaly evaluator over the outcomes.
/// </content>
internal sealed partial class EvaluateAnomaly : ICodeEmitter
{
    public async Task<StepMethod> EmitAsync(StepCode step, CancellationToken cancellationToken)
    {
        var table = await ParquetTables.ReadAsync(step.InputArtifact("table"), cancellationToken).ConfigureAwait(false);
        var (positive, negative, reason) = Anomaly is not null
            ? (Anomaly, (string?)null, "given by parameter 'anomaly'; every other value is normal")
            : LabelPreparation.BinaryClasses(table, Label, null, step.Name);
        step.Code.Member("AnomalyOutcome", """
            /// <summary>One evaluated row as the anomaly evaluator reads it.</summary>
            private sealed class AnomalyOutcome
            {
                public float Label { get; set; }

                public float Score { get; set; }

                public bool PredictedLabel { get; set; }
            }
            """, step.Name);
        return await EvaluationCode.MethodAsync(step, "anomaly", null, (card, rows) =>
        {
            var label = rows.Shape.Columns.FirstOrDefault(c => c.Name == Label) ?? throw step.Unsupported($"column '{Label}' is not in the table");
            if (label.Kind == "number")
            {
                step.Code.Usings.Add("System.Globalization");
            }

            var text = label.TextOf("row");
            var anomalous = (label.Kind, positive) switch
            {
                ("boolean", "true") => $"row.{label.Property}",
                ("boolean", "false") => $"!row.{label.Property}",
                ("boolean", _) => throw step.Unsupported($"the anomaly value '{positive}' is not a value of the true/false label '{Label}'"),
                _ => $"({text}) == {CSharpLiteral.Of(positive)}",
            };
            var check = negative is null || label.Kind == "boolean" ? [] : new[]
            {
                $"if (labeled.FirstOrDefault(row => ({text}) is not ({CSharpLiteral.Of(positive)} or {CSharpLiteral.Of(negative)})) is {{ }} other)",
                "{",
                $"    throw new InvalidDataException($\"label '{Label}' has the value '{{({label.TextOf("other")})}}', which is neither '{positive}' nor '{negative}'\");",
                "}",
                "",
            };
            return
            [
                $"// Anomalies are the rows whose '{Label}' is '{positive}' ({reason}).",
                label.Kind == "boolean" ? "var labeled = table.ToList();" : $"var labeled = table.Where(row => !({label.MissingIn("row")})).ToList();",
                .. check,
                "var scored = model.Transformer.Transform(ml.Data.LoadFromEnumerable(labeled));",
                $"var outcomes = labeled.Select(row => {anomalous} ? 1f : 0f)",
                "    .Zip(scored.GetColumn<float>(\"Score\"), scored.GetColumn<bool>(\"PredictedLabel\"))",
                "    .Select(o => new AnomalyOutcome { Label = o.First, Score = o.Second, PredictedLabel = o.Third });",
                $"var m = ml.AnomalyDetection.Evaluate(ml.Data.LoadFromEnumerable(outcomes), \"Label\", \"Score\", \"PredictedLabel\", {FalsePositives});",
                $"logger.LogInformation(\"auc {{Auc:F4}}, detection rate {{Rate:F4}} at {FalsePositives} false positives\", m.AreaUnderRocCurve, m.DetectionRateAtFalsePositiveCount);",
                .. EvaluationCode.Return([("auc", "m.AreaUnderRocCurve"), ("detection_rate", "m.DetectionRateAtFalsePositiveCount")]),
            ];
        }, cancellationToken).ConfigureAwait(false);
    }
}
