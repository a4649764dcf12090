using Loom.Components.Training.Settings;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training;

/// <summary>L-BFGS logistic regression for two classes.</summary>
[Component("train.lbfgs-logistic-binary", "1.0.0", Example = "train: { component: train.lbfgs-logistic-binary@1, inputs: { table: split.train, transform: text.transform }, params: { label: score, l1_regularization: 0, l2_regularization: 0.05 } }", Category = "train", Description = "Logistic regression fitted by L-BFGS with L1 and L2 penalties: an interpretable linear classifier. Features are scaled automatically.")]
internal sealed class LbfgsLogisticBinary : BinaryTrainer
{
    [ParameterGroup]
    public LbfgsSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.BinaryClassification.Trainers.LbfgsLogisticRegression", "LbfgsLogisticRegressionBinaryTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.LbfgsLogisticRegression(Settings.Configure(Weighted(new LbfgsLogisticRegressionBinaryTrainer.Options()), TrainingLabelColumn));
}

/// <summary>L-BFGS maximum entropy for several classes.</summary>
[Component("train.lbfgs-maxent-multiclass", "1.0.0", Example = "train: { component: train.lbfgs-maxent-multiclass@1, inputs: { table: split.train }, params: { label: species } }", Category = "train", Description = "Multinomial logistic regression (maximum entropy) fitted by L-BFGS with L1 and L2 penalties. Features are scaled automatically.")]
internal sealed class LbfgsMaxEntMulticlass : MulticlassTrainer
{
    [ParameterGroup]
    public LbfgsSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.MulticlassClassification.Trainers.LbfgsMaximumEntropy", "LbfgsMaximumEntropyMulticlassTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(Settings.Configure(Weighted(new LbfgsMaximumEntropyMulticlassTrainer.Options()), TrainingLabelColumn));
}

/// <summary>L-BFGS Poisson regression for counts.</summary>
[Component("train.lbfgs-poisson-regression", "1.0.0", Example = "train: { component: train.lbfgs-poisson-regression@1, inputs: { table: split.train }, params: { label: claims } }", Category = "train", Description = "Poisson regression fitted by L-BFGS: predicts a non-negative count or rate (the label must not be negative). Features are scaled automatically.")]
internal sealed class LbfgsPoissonRegression : RegressionTrainer
{
    [ParameterGroup]
    public LbfgsSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.Regression.Trainers.LbfgsPoissonRegression", "LbfgsPoissonRegressionTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.LbfgsPoissonRegression(Settings.Configure(Weighted(new LbfgsPoissonRegressionTrainer.Options()), TrainingLabelColumn));
}
