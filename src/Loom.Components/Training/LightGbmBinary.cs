using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Loom.Components.Training;

/// <summary>Trains a LightGBM binary classifier from a raw table.</summary>
[Component("train.lightgbm-binary", "1.0.0", Category = "train", Description = "Gradient-boosted trees (LightGBM) for two-class problems. Takes a raw table: the label may be bool, 0/1 or any two values, and features are prepared automatically unless a fitted transform is bound. The model holds the whole chain from raw columns to prediction.")]
[Input("table", ArtifactKind.Table, Description = "Training rows, with the label column.")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "A fitted feature transform (from a features step) to use instead of automatic featurization.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction, Probability and Score out.")]
internal sealed class LightGbmBinary : LightGbmComponent
{
    [Parameter("positive", Description = "Label value that counts as positive; by default true or 1, else the minority class.")]
    public string? Positive { get; set; }

    protected override string Task => "binary";

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context)
    {
        var (positive, negative, reason) = LabelPreparation.BinaryClasses(table, Label, Positive, context.StepName);
        context.Logger.LogInformation("label '{Label}': positive class '{Positive}' ({Reason}), negative class '{Negative}'", Label, positive, reason, negative);
        var card = StartCard("train.lightgbm-binary@1.0.0") with { PositiveClass = positive, NegativeClass = negative };
        return (LabelPreparation.Binary(table, Label, positive, negative, context.StepName), card);
    }

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.LightGbm(Configure(new LightGbmBinaryTrainer.Options(), context.Seed));

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.Conversion.MapValue(
            "Prediction",
            [KeyValuePair.Create(true, card.PositiveClass!), KeyValuePair.Create(false, card.NegativeClass!)],
            "PredictedLabel");
}
