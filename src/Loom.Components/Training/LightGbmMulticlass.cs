using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Loom.Components.Training;

/// <summary>Trains a LightGBM multiclass classifier from a raw table.</summary>
[Component("train.lightgbm-multiclass", "1.0.0", Category = "train", Description = "Gradient-boosted trees (LightGBM) for two or more classes. Takes a raw table: the label may be text or numbers; features are prepared automatically unless a fitted transform is bound. The model holds the whole chain from raw columns to prediction.")]
[Input("table", ArtifactKind.Table, Description = "Training rows, with the label column.")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "A fitted feature transform (from a features step) to use instead of automatic featurization.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (the class) and Score (one probability per class) out.")]
internal sealed class LightGbmMulticlass : LightGbmComponent
{
    private IReadOnlyList<string>? classes;

    protected override string Task => "multiclass";

    protected override string TrainingLabelColumn => MulticlassLabel.KeyColumn;

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context)
    {
        var prepared = LabelPreparation.Multiclass(table, Label, context.StepName);
        var classes = LabelValues.Order(LabelPreparation.Values(prepared.Table, Label, context.StepName).OfType<string>());
        if (classes.Count < 2)
        {
            throw new DataException($"step '{context.StepName}': label '{Label}' has {classes.Count} class(es); a classifier needs at least two");
        }

        context.Logger.LogInformation("label '{Label}': {Count} classes: {Classes}", Label, classes.Count, string.Join(", ", classes.Take(20)));
        this.classes = classes;
        return (prepared, StartCard("train.lightgbm-multiclass@1.0.0") with { Classes = classes });
    }

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.MulticlassClassification.Trainers.LightGbm(Configure(new LightGbmMulticlassTrainer.Options(), context.Seed));

    protected override IDataView LabelView(MLContext ml, IDataView data) => MulticlassLabel.AddKey(ml, data, classes!);

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.Conversion.MapKeyToValue("Prediction", "PredictedLabel");
}
