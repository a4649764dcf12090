using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Loom.Components.Training;

/// <summary>Trains a LightGBM regression model from a raw table.</summary>
[Component("train.lightgbm-regression", "1.0.0", Category = "train", Description = "Gradient-boosted trees (LightGBM) predicting a number. Takes a raw table with a numeric label; features are prepared automatically unless a fitted transform is bound. The model holds the whole chain from raw columns to prediction.")]
[Input("table", ArtifactKind.Table, Description = "Training rows, with the numeric label column.")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "A fitted feature transform (from a features step) to use instead of automatic featurization.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction out.")]
internal sealed class LightGbmRegression : LightGbmComponent
{
    protected override string Task => "regression";

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context) =>
        (LabelPreparation.Regression(table, Label, context.StepName), StartCard("train.lightgbm-regression@1.0.0"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.LightGbm(Configure(new LightGbmRegressionTrainer.Options(), context.Seed));

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.CopyColumns("Prediction", "Score");
}
