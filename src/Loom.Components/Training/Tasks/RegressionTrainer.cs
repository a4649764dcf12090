using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;

namespace Loom.Components.Training;

/// <summary>Regression: predicts a number from a numeric label.</summary>
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (a number) out.")]
internal abstract class RegressionTrainer : SupervisedTrainer
{
    [Parameter("label_transform", Choices = ["none", "log"], Description = "'log' learns ln(1 + label) and predicts exp(score) - 1, for skewed non-negative labels such as prices or counts; predictions stay in the label's units.")]
    public string LabelTransform { get; set; } = "none";

    protected override string Task => "regression";

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context)
    {
        var prepared = LabelPreparation.Regression(table, Label, context.StepName);
        if (LabelTransform == "log")
        {
            var label = (SingleDataFrameColumn)prepared.Table.Columns[LabelPreparation.Column];
            if (label.FirstOrDefault(v => v < 0) is { } negative)
            {
                throw new DataException($"step '{context.StepName}': label_transform 'log' needs labels of 0 or more, but '{Label}' has {negative.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }

            prepared.Table.Columns[LabelPreparation.Column] = new SingleDataFrameColumn(LabelPreparation.Column, label.Select(v => (float)Math.Log(1 + (double)v!)));
        }

        return (prepared, StartCard());
    }

    protected override string? LearnerViewCode(CodeGen.StepCode step)
    {
        if (LabelTransform != "log")
        {
            return null;
        }

        step.Code.Usings.Add("System.Globalization");
        step.Code.Member("LogLabel", """
            /// <summary>The label a regression learner reads: ln(1 + label) when it learns the label's logarithm.</summary>
            private sealed class LogLabel
            {
                public float Label { get; set; }
            }
            """, step.Name);
        return $$"""
            ml.Transforms.CustomMapping<LogLabel, LogLabel>((label, log) =>
                {
                    if (label.Label < 0)
                    {
                        throw new InvalidDataException($"label_transform 'log' needs labels of 0 or more, but '{{Label}}' has {label.Label.ToString(CultureInfo.InvariantCulture)}");
                    }

                    log.Label = (float)Math.Log(1 + (double)label.Label);
                },
                contractName: null).Fit(featurized).Transform(featurized)
            """;
    }

    protected override string? OutputCode(ModelCard card) =>
        LabelTransform == "log" ? "ml.Transforms.Expression(\"Prediction\", \"(s) => exp(s) - 1\", \"Score\")" : "ml.Transforms.CopyColumns(\"Prediction\", \"Score\")";

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        LabelTransform == "log"
            ? ml.Transforms.Expression("Prediction", "(s) => exp(s) - 1", "Score")
            : ml.Transforms.CopyColumns("Prediction", "Score");
}
