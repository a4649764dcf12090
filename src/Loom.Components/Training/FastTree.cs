using Loom.Components.Training.Settings;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Loom.Components.Training;

/// <summary>FastTree: gradient-boosted trees (MART) as ML.NET implements them.</summary>
internal static class FastTreeBoosting
{
    public const string LearningRateDescription = "Shrinkage applied to each tree; smaller needs more trees but generalizes better.";

    /// <summary>Notes the package and namespace FastTree code needs.</summary>
    public static string Packaged(CodeGen.StepCode step, string code)
    {
        step.Code.Packages.Add("Microsoft.ML.FastTree");
        step.Code.Usings.Add("Microsoft.ML.Trainers.FastTree");
        return code;
    }

    public static TOptions Boost<TOptions>(TOptions options, double learningRate)
        where TOptions : BoostedTreeOptions
    {
        options.LearningRate = learningRate;
        return options;
    }
}

/// <summary>FastTree for two classes.</summary>
[Component("train.fasttree-binary", "1.0.0", Example = "train: { component: train.fasttree-binary@1, inputs: { table: split.train }, params: { label: churn, trees: 300, learning_rate: 0.05 } }", Category = "train", Description = "Gradient-boosted trees (FastTree, MART) for two-class problems.")]
internal sealed class FastTreeBinary : BinaryTrainer
{
    [ParameterGroup]
    public TreeSettings Settings { get; } = new();

    [Parameter("learning_rate", Min = 0.0001, Max = 1, SearchMin = 0.01, SearchMax = 0.5, SearchLog = true, Description = FastTreeBoosting.LearningRateDescription)]
    public double LearningRate { get; set; } = 0.2;

    protected override string? LearnerCode(CodeGen.StepCode step) => FastTreeBoosting.Packaged(step, Settings.Code("learner.BinaryClassification.Trainers.FastTree", "FastTreeBinaryTrainer.Options", step.Seed, LearningRate));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.FastTree(FastTreeBoosting.Boost(Settings.Configure(Weighted(new FastTreeBinaryTrainer.Options()), TrainingLabelColumn, context.Seed), LearningRate));
}

/// <summary>FastTree predicting a number.</summary>
[Component("train.fasttree-regression", "1.0.0", Example = "train: { component: train.fasttree-regression@1, inputs: { table: split.train }, params: { label: Sale_Price, trees: 2000, learning_rate: 0.04, num_leaves: 7 } }", Category = "train", Description = "Gradient-boosted trees (FastTree, MART) predicting a number.")]
internal sealed class FastTreeRegression : RegressionTrainer
{
    [ParameterGroup]
    public TreeSettings Settings { get; } = new();

    [Parameter("learning_rate", Min = 0.0001, Max = 1, SearchMin = 0.01, SearchMax = 0.5, SearchLog = true, Description = FastTreeBoosting.LearningRateDescription)]
    public double LearningRate { get; set; } = 0.2;

    protected override string? LearnerCode(CodeGen.StepCode step) => FastTreeBoosting.Packaged(step, Settings.Code("learner.Regression.Trainers.FastTree", "FastTreeRegressionTrainer.Options", step.Seed, LearningRate));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.FastTree(FastTreeBoosting.Boost(Settings.Configure(Weighted(new FastTreeRegressionTrainer.Options()), TrainingLabelColumn, context.Seed), LearningRate));
}

/// <summary>FastTree ranking (LambdaMART).</summary>
[Component("train.fasttree-ranking", "1.0.0", Example = "rank: { component: train.fasttree-ranking@1, inputs: { table: split.train }, params: { label: relevance, group: query_id } }", Category = "train", Description = "Gradient-boosted trees (FastTree, LambdaMART) that order the rows of each group by relevance.")]
internal sealed class FastTreeRanking : RankingTrainer
{
    [ParameterGroup]
    public TreeSettings Settings { get; } = new();

    [Parameter("learning_rate", Min = 0.0001, Max = 1, SearchMin = 0.01, SearchMax = 0.5, SearchLog = true, Description = FastTreeBoosting.LearningRateDescription)]
    public double LearningRate { get; set; } = 0.2;

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        Grouped(FastTreeBoosting.Packaged(step, Settings.Code("learner.Ranking.Trainers.FastTree", "FastTreeRankingTrainer.Options", step.Seed, LearningRate)));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context)
    {
        var options = FastTreeBoosting.Boost(Settings.Configure(Weighted(new FastTreeRankingTrainer.Options()), TrainingLabelColumn, context.Seed), LearningRate);
        options.RowGroupColumnName = GroupKeyColumn;
        return ml.Ranking.Trainers.FastTree(options);
    }
}

/// <summary>FastForest (random forest) for two classes.</summary>
[Component("train.fastforest-binary", "1.0.0", Example = "train: { component: train.fastforest-binary@1, inputs: { table: split.train }, params: { label: churn, trees: 300 } }", Category = "train", Description = "Random forest (FastForest) for two-class problems: many deep trees on bootstrap samples, averaged; robust with little tuning.")]
internal sealed class FastForestBinary : BinaryTrainer
{
    [ParameterGroup]
    public TreeSettings Settings { get; } = new() { FeatureFraction = 0.7 };

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        FastTreeBoosting.Packaged(step, Settings.Code("learner.BinaryClassification.Trainers.FastForest", "FastForestBinaryTrainer.Options", step.Seed, learningRate: null));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.FastForest(Settings.Configure(Weighted(new FastForestBinaryTrainer.Options()), TrainingLabelColumn, context.Seed));
}

/// <summary>FastForest (random forest) predicting a number.</summary>
[Component("train.fastforest-regression", "1.0.0", Example = "train: { component: train.fastforest-regression@1, inputs: { table: split.train }, params: { label: price, trees: 300 } }", Category = "train", Description = "Random forest (FastForest) predicting a number: many deep trees on bootstrap samples, averaged.")]
internal sealed class FastForestRegression : RegressionTrainer
{
    [ParameterGroup]
    public TreeSettings Settings { get; } = new() { FeatureFraction = 0.7 };

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        FastTreeBoosting.Packaged(step, Settings.Code("learner.Regression.Trainers.FastForest", "FastForestRegressionTrainer.Options", step.Seed, learningRate: null));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.FastForest(Settings.Configure(Weighted(new FastForestRegressionTrainer.Options()), TrainingLabelColumn, context.Seed));
}
