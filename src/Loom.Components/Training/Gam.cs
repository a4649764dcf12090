using Loom.Components.Training.Settings;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Loom.Components.Training;

/// <summary>Generalized additive model for two classes.</summary>
[Component("train.gam-binary", "1.0.0", Example = "train: { component: train.gam-binary@1, inputs: { table: split.train }, params: { label: churn } }", Category = "train", Description = "Generalized additive model: one shape function per feature, boosted; accurate and explainable (each feature's effect can be plotted on its own).")]
internal sealed class GamBinary : BinaryTrainer
{
    [ParameterGroup]
    public GamSettings Settings { get; } = new();

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        FastTreeBoosting.Packaged(step, Settings.Code("learner.BinaryClassification.Trainers.Gam", "GamBinaryTrainer.Options", step.Seed));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.Gam(Settings.Configure(Weighted(new GamBinaryTrainer.Options()), TrainingLabelColumn, context.Seed));
}

/// <summary>Generalized additive model predicting a number.</summary>
[Component("train.gam-regression", "1.0.0", Example = "train: { component: train.gam-regression@1, inputs: { table: split.train }, params: { label: price } }", Category = "train", Description = "Generalized additive model predicting a number: one shape function per feature, boosted; accurate and explainable.")]
internal sealed class GamRegression : RegressionTrainer
{
    [ParameterGroup]
    public GamSettings Settings { get; } = new();

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        FastTreeBoosting.Packaged(step, Settings.Code("learner.Regression.Trainers.Gam", "GamRegressionTrainer.Options", step.Seed));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.Gam(Settings.Configure(Weighted(new GamRegressionTrainer.Options()), TrainingLabelColumn, context.Seed));
}
