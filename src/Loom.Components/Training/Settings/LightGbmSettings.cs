using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Loom.Components.Training.Settings;

/// <summary>The LightGBM hyperparameters every LightGBM trainer exposes.</summary>
internal sealed class LightGbmSettings
{
    [Parameter("iterations", Min = 1, Max = 10000, SearchMin = 50, SearchMax = 2000, SearchLog = true, Description = "Number of boosting rounds (trees).")]
    public int Iterations { get; set; } = 300;

    [Parameter("learning_rate", Min = 0.0001, Max = 1, SearchMin = 0.005, SearchMax = 0.3, SearchLog = true, Description = "Shrinkage applied to each tree; smaller needs more iterations but generalizes better.")]
    public double LearningRate { get; set; } = 0.03;

    [Parameter("num_leaves", Min = 2, Max = 4096, SearchMin = 4, SearchMax = 256, SearchLog = true, Description = "Most leaves per tree; the main control of model complexity.")]
    public int NumberOfLeaves { get; set; } = 15;

    [Parameter("min_data_in_leaf", Min = 1, Max = 100000, SearchMin = 2, SearchMax = 200, SearchLog = true, Description = "Fewest training rows in a leaf; larger values resist overfitting.")]
    public int MinimumExampleCountPerLeaf { get; set; } = 20;

    [Parameter("l2_regularization", Min = 0, Max = 1000, SearchMin = 0, SearchMax = 10, Description = "L2 penalty on leaf values.")]
    public double L2Regularization { get; set; } = 1;

    [Parameter("feature_fraction", Min = 0.1, Max = 1, SearchMin = 0.3, SearchMax = 1, Description = "Share of features sampled for each tree.")]
    public double FeatureFraction { get; set; } = 0.8;

    /// <summary>The same options as an object initializer in generated code, for an options class.</summary>
    public string Code(string trainer, string options, int seed) =>
        $$"""
        {{trainer}}(new {{options}}
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfIterations = {{Iterations}},
            LearningRate = {{CodeGen.CSharpLiteral.Of(LearningRate)}},
            NumberOfLeaves = {{NumberOfLeaves}},
            MinimumExampleCountPerLeaf = {{MinimumExampleCountPerLeaf}},
            Booster = new GradientBooster.Options { L2Regularization = {{CodeGen.CSharpLiteral.Of(L2Regularization)}}, FeatureFraction = {{CodeGen.CSharpLiteral.Of(FeatureFraction)}} },
            Seed = {{seed}},
            Silent = true,
        })
        """;

    /// <summary>Fills the options every LightGBM trainer shares.</summary>
    public TOptions Configure<TOptions, TOutput, TTransformer, TModel>(LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase options, string label, int seed)
        where TOptions : LightGbmTrainerBase<TOptions, TOutput, TTransformer, TModel>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TModel>
        where TModel : class
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = label;
        options.FeatureColumnName = FeaturePlan.Column;
        options.NumberOfIterations = Iterations;
        options.LearningRate = LearningRate;
        options.NumberOfLeaves = NumberOfLeaves;
        options.MinimumExampleCountPerLeaf = MinimumExampleCountPerLeaf;
        options.Booster = new GradientBooster.Options { L2Regularization = L2Regularization, FeatureFraction = FeatureFraction };
        options.Seed = seed;
        options.Silent = true;
        return (TOptions)options;
    }
}
