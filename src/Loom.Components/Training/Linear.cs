using Loom.Components.Training.Settings;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training;

/// <summary>SDCA logistic regression for two classes.</summary>
[Component("train.sdca-binary", "1.0.0", Example = "train: { component: train.sdca-binary@1, inputs: { table: split.train }, params: { label: churn } }", Category = "train", Description = "Logistic regression fitted by stochastic dual coordinate ascent (SDCA): a fast, well-calibrated linear baseline. Features are scaled automatically.")]
internal sealed class SdcaBinary : BinaryTrainer
{
    [ParameterGroup]
    public SdcaSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.BinaryClassification.Trainers.SdcaLogisticRegression", "SdcaLogisticRegressionBinaryTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.SdcaLogisticRegression((SdcaLogisticRegressionBinaryTrainer.Options)Settings.Configure(Weighted(new SdcaLogisticRegressionBinaryTrainer.Options()), TrainingLabelColumn));
}

/// <summary>SDCA maximum entropy for several classes.</summary>
[Component("train.sdca-multiclass", "1.0.0", Example = "train: { component: train.sdca-multiclass@1, inputs: { table: split.train, transform: features.transform }, params: { label: species } }", Category = "train", Description = "Multinomial logistic regression (maximum entropy) fitted by SDCA: a fast linear baseline for several classes. Features are scaled automatically.")]
internal sealed class SdcaMulticlass : MulticlassTrainer
{
    [ParameterGroup]
    public SdcaSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.MulticlassClassification.Trainers.SdcaMaximumEntropy", "SdcaMaximumEntropyMulticlassTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.MulticlassClassification.Trainers.SdcaMaximumEntropy((SdcaMaximumEntropyMulticlassTrainer.Options)Settings.Configure(Weighted(new SdcaMaximumEntropyMulticlassTrainer.Options()), TrainingLabelColumn));
}

/// <summary>SDCA least squares for numbers.</summary>
[Component("train.sdca-regression", "1.0.0", Example = "train: { component: train.sdca-regression@1, inputs: { table: split.train }, params: { label: price, max_iterations: 100 } }", Category = "train", Description = "Linear regression (least squares) fitted by SDCA. Features are scaled automatically.")]
internal sealed class SdcaRegression : RegressionTrainer
{
    [ParameterGroup]
    public SdcaSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.Regression.Trainers.Sdca", "SdcaRegressionTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.Sdca(Settings.Configure(Weighted(new SdcaRegressionTrainer.Options()), TrainingLabelColumn));
}

/// <summary>Averaged perceptron for two classes.</summary>
[Component("train.averaged-perceptron-binary", "1.0.0", Example = "train: { component: train.averaged-perceptron-binary@1, inputs: { table: split.train }, params: { label: churn, iterations: 20 } }", Category = "train", Description = "Averaged perceptron: a fast online linear classifier; its scores are calibrated to probabilities (Platt) on the training rows. Features are scaled automatically.")]
internal sealed class AveragedPerceptronBinary : BinaryTrainer
{
    [ParameterGroup]
    public OnlineSettings Settings { get; } = new();

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.BinaryClassification.Trainers.AveragedPerceptron", "AveragedPerceptronTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.AveragedPerceptron(Settings.Configure(Weighted(new AveragedPerceptronTrainer.Options()), TrainingLabelColumn));
}

/// <summary>Linear support vector machine for two classes.</summary>
[Component("train.linear-svm-binary", "1.0.0", Example = "train: { component: train.linear-svm-binary@1, inputs: { table: split.train }, params: { label: churn, lambda: 0.0005 } }", Category = "train", Description = "Linear support vector machine (Pegasos); its margins are calibrated to probabilities (Platt) on the training rows. Features are scaled automatically.")]
internal sealed class LinearSvmBinary : BinaryTrainer
{
    [Parameter("iterations", Min = 1, Max = 1000, Description = "Passes over the training rows.")]
    public int Iterations { get; set; } = 10;

    [Parameter("lambda", Min = 0.000001, Max = 100, SearchMin = 0.000001, SearchMax = 1, SearchLog = true, Description = "Regularization strength; larger gives a wider margin and a simpler model.")]
    public double Lambda { get; set; } = 0.001;

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) => InTrainersNamespace(
        step,
        $$"""
        learner.BinaryClassification.Trainers.LinearSvm(new LinearSvmTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfIterations = {{Iterations}},
            Lambda = {{CodeGen.CSharpLiteral.OfSingle(Lambda)}},
        })
        """);

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.LinearSvm(Weighted(new LinearSvmTrainer.Options
        {
            LabelColumnName = TrainingLabelColumn,
            FeatureColumnName = Features.FeaturePlan.Column,
            NumberOfIterations = Iterations,
            Lambda = (float)Lambda,
        }));
}

/// <summary>Online gradient descent for numbers.</summary>
[Component("train.online-gradient-descent-regression", "1.0.0", Example = "train: { component: train.online-gradient-descent-regression@1, inputs: { table: split.train }, params: { label: price, iterations: 20 } }", Category = "train", Description = "Linear regression fitted by online (stochastic) gradient descent; scales to large tables in one pass per iteration. Features are scaled automatically.")]
internal sealed class OnlineGradientDescentRegression : RegressionTrainer
{
    [ParameterGroup]
    public OnlineSettings Settings { get; } = new() { LearningRate = 0.01 };

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        InTrainersNamespace(step, Settings.Code("learner.Regression.Trainers.OnlineGradientDescent", "OnlineGradientDescentTrainer.Options"));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.OnlineGradientDescent(Settings.Configure(Weighted(new OnlineGradientDescentTrainer.Options()), TrainingLabelColumn));
}
