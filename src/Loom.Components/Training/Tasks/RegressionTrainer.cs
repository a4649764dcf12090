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
    protected override string Task => "regression";

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context) =>
        (LabelPreparation.Regression(table, Label, context.StepName), StartCard());

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.CopyColumns("Prediction", "Score");
}
