using Loom.Components.Training.Settings;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Loom.Components.Training;

/// <summary>LightGBM for two classes.</summary>
[Component("train.lightgbm-binary", "1.0.0", Example = "train: { component: train.lightgbm-binary@1, inputs: { table: split.train }, params: { label: churn, positive: 'Yes', iterations: 300 } }", Category = "train", Description = "Gradient-boosted trees (LightGBM) for two-class problems; strong on tabular data with mixed column types.")]
internal sealed class LightGbmBinary : BinaryTrainer
{
    [ParameterGroup]
    public LightGbmSettings Settings { get; } = new();

    protected override string? LearnerCode(CodeGen.StepCode step) => LightGbmCode.Packaged(step, Settings.Code("learner.BinaryClassification.Trainers.LightGbm", "LightGbmBinaryTrainer.Options", step.Seed));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.BinaryClassification.Trainers.LightGbm(Settings.Configure(Weighted(new LightGbmBinaryTrainer.Options()), TrainingLabelColumn, context.Seed));
}

/// <summary>LightGBM for two or more classes.</summary>
[Component("train.lightgbm-multiclass", "1.0.0", Example = "train: { component: train.lightgbm-multiclass@1, inputs: { table: split.train }, params: { label: lettr, iterations: 500, learning_rate: 0.1, num_leaves: 31 } }", Category = "train", Description = "Gradient-boosted trees (LightGBM) for two or more classes.")]
internal sealed class LightGbmMulticlass : MulticlassTrainer
{
    [ParameterGroup]
    public LightGbmSettings Settings { get; } = new();

    protected override string? LearnerCode(CodeGen.StepCode step) => LightGbmCode.Packaged(step, Settings.Code("learner.MulticlassClassification.Trainers.LightGbm", "LightGbmMulticlassTrainer.Options", step.Seed));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.MulticlassClassification.Trainers.LightGbm(Settings.Configure(Weighted(new LightGbmMulticlassTrainer.Options()), TrainingLabelColumn, context.Seed));
}

/// <summary>LightGBM predicting a number.</summary>
[Component("train.lightgbm-regression", "1.0.0", Example = "train: { component: train.lightgbm-regression@1, inputs: { table: split.train }, params: { label: price, label_transform: log, iterations: 1000 } }", Category = "train", Description = "Gradient-boosted trees (LightGBM) predicting a number.")]
internal sealed class LightGbmRegression : RegressionTrainer
{
    [ParameterGroup]
    public LightGbmSettings Settings { get; } = new();

    protected override string? LearnerCode(CodeGen.StepCode step) => LightGbmCode.Packaged(step, Settings.Code("learner.Regression.Trainers.LightGbm", "LightGbmRegressionTrainer.Options", step.Seed));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context) =>
        ml.Regression.Trainers.LightGbm(Settings.Configure(Weighted(new LightGbmRegressionTrainer.Options()), TrainingLabelColumn, context.Seed));
}

/// <summary>LightGBM ranking (LambdaRank).</summary>
[Component("train.lightgbm-ranking", "1.0.0", Example = "rank: { component: train.lightgbm-ranking@1, inputs: { table: split.train }, params: { label: relevance, group: query_id, iterations: 200 } }", Category = "train", Description = "Gradient-boosted trees (LightGBM, LambdaRank) that order the rows of each group by relevance.")]
internal sealed class LightGbmRanking : RankingTrainer
{
    [ParameterGroup]
    public LightGbmSettings Settings { get; } = new();

    protected override string? LearnerCode(CodeGen.StepCode step) =>
        Grouped(LightGbmCode.Packaged(step, Settings.Code("learner.Ranking.Trainers.LightGbm", "LightGbmRankingTrainer.Options", step.Seed)));

    protected override IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context)
    {
        var options = Settings.Configure(Weighted(new LightGbmRankingTrainer.Options()), TrainingLabelColumn, context.Seed);
        options.RowGroupColumnName = GroupKeyColumn;
        return ml.Ranking.Trainers.LightGbm(options);
    }
}

/// <summary>What the LightGBM learners' generated code needs.</summary>
internal static class LightGbmCode
{
    public static string Packaged(CodeGen.StepCode step, string code)
    {
        step.Code.Packages.Add("Microsoft.ML.LightGbm");
        step.Code.Usings.Add("Microsoft.ML.Trainers.LightGbm");
        return code;
    }
}
