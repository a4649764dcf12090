using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Loom.Components.Training;

/// <summary>Naive Bayes for several classes.</summary>
[Component("train.naive-bayes-multiclass", "1.0.0", Example = "train: { component: train.naive-bayes-multiclass@1, inputs: { table: split.train }, params: { label: species } }", Category = "train", Description = "Naive Bayes over binary features (a feature counts as present when above zero): very fast, a baseline for text and one-hot categories.")]
internal sealed class NaiveBayesMulticlass : MulticlassTrainer
{
    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        "learner.MulticlassClassification.Trainers.NaiveBayes(labelColumnName: \"Label\", featureColumnName: \"Features\")";

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.MulticlassClassification.Trainers.NaiveBayes(TrainingLabelColumn, FeaturePlan.Column);
}

/// <summary>One binary learner per class.</summary>
[Component("train.one-versus-all-multiclass", "1.0.0", Example = "train: { component: train.one-versus-all-multiclass@1, inputs: { table: split.train }, params: { label: lettr, binary_learner: fasttree } }", Category = "train", Description = "One-versus-all: trains one binary learner per class (that class against the rest) and predicts the class whose learner is most confident. Features are scaled automatically.")]
internal sealed class OneVersusAllMulticlass : MulticlassTrainer
{
    [Parameter("binary_learner", Choices = ["averaged-perceptron", "linear-svm", "lbfgs-logistic", "fasttree", "lightgbm"], Description = "The binary learner trained for each class, with its default settings.")]
    public string BinaryLearner { get; set; } = "lbfgs-logistic";

    protected override bool NormalizeFeatures => true;

    protected override string? LearnerCode(CodeGen.StepCode step)
    {
        var (binary, options, extra) = BinaryLearner switch
        {
            "averaged-perceptron" => ("AveragedPerceptron", InTrainersNamespace(step, "AveragedPerceptronTrainer.Options"), new[] { "NumberOfIterations = 10," }),
            "linear-svm" => ("LinearSvm", InTrainersNamespace(step, "LinearSvmTrainer.Options"), ["NumberOfIterations = 10,"]),
            "fasttree" => ("FastTree", FastTreeBoosting.Packaged(step, "FastTreeBinaryTrainer.Options"), [$"Seed = {step.Seed},"]),
            "lightgbm" => ("LightGbm", LightGbmCode.Packaged(step, "LightGbmBinaryTrainer.Options"), [$"Seed = {step.Seed},", "Silent = true,"]),
            _ => ("LbfgsLogisticRegression", InTrainersNamespace(step, "LbfgsLogisticRegressionBinaryTrainer.Options"), []),
        };
        string[] lines = ["LabelColumnName = \"Label\",", "FeatureColumnName = \"Features\",", .. extra];
        return $"learner.MulticlassClassification.Trainers.OneVersusAll(\n    learner.BinaryClassification.Trainers.{binary}(new {options}\n    {{\n{string.Concat(lines.Select(l => "        " + l + "\n"))}    }}),\n    labelColumnName: \"Label\")";
    }

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context)
    {
        var label = TrainingLabelColumn;
        var features = FeaturePlan.Column;
        return BinaryLearner switch
        {
            "averaged-perceptron" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.AveragedPerceptron(Weighted(new AveragedPerceptronTrainer.Options { LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = 10 })), label),
            "linear-svm" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LinearSvm(Weighted(new LinearSvmTrainer.Options { LabelColumnName = label, FeatureColumnName = features, NumberOfIterations = 10 })), label),
            "fasttree" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.FastTree(Weighted(new FastTreeBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = features, Seed = context.Seed })), label),
            "lightgbm" => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LightGbm(Weighted(new LightGbmBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = features, Seed = context.Seed, Silent = true })), label),
            _ => ml.MulticlassClassification.Trainers.OneVersusAll(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(Weighted(new LbfgsLogisticRegressionBinaryTrainer.Options { LabelColumnName = label, FeatureColumnName = features })), label),
        };
    }
}
