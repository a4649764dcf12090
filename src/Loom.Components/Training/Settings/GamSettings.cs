using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace Loom.Components.Training.Settings;

/// <summary>The hyperparameters every generalized additive model exposes.</summary>
internal sealed class GamSettings
{
    [Parameter("iterations", Min = 1, Max = 100000, SearchMin = 500, SearchMax = 20000, SearchLog = true, Description = "Boosting rounds.")]
    public int Iterations { get; set; } = 9500;

    [Parameter("learning_rate", Min = 0.00001, Max = 1, SearchMin = 0.001, SearchMax = 0.1, SearchLog = true, Description = "Shrinkage of each round.")]
    public double LearningRate { get; set; } = 0.002;

    [Parameter("max_bins", Min = 2, Max = 65535, Description = "Most bins each feature's values are grouped into.")]
    public int MaxBins { get; set; } = 255;

    /// <summary>The same options as an object initializer in generated code.</summary>
    public string Code(string trainer, string options, int seed) =>
        $$"""
        {{trainer}}(new {{options}}
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfIterations = {{Iterations}},
            LearningRate = {{CodeGen.CSharpLiteral.Of(LearningRate)}},
            MaximumBinCountPerFeature = {{MaxBins}},
            Seed = {{seed}},
        })
        """;

    /// <summary>Fills the options every GAM trainer shares.</summary>
    public TOptions Configure<TOptions, TTransformer, TPredictor>(GamTrainerBase<TOptions, TTransformer, TPredictor>.OptionsBase options, string label, int seed)
        where TOptions : GamTrainerBase<TOptions, TTransformer, TPredictor>.OptionsBase, new()
        where TTransformer : ISingleFeaturePredictionTransformer<TPredictor>
        where TPredictor : class
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = label;
        options.FeatureColumnName = FeaturePlan.Column;
        options.NumberOfIterations = Iterations;
        options.LearningRate = LearningRate;
        options.MaximumBinCountPerFeature = MaxBins;
        options.Seed = seed;
        return (TOptions)options;
    }
}
