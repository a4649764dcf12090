using Loom.Components.Features;
using Loom.Sdk;
using Microsoft.ML.Trainers.FastTree;

namespace Loom.Components.Training.Settings;

/// <summary>The hyperparameters FastTree (boosted) and FastForest (bagged) trees share.</summary>
internal sealed class TreeSettings
{
    [Parameter("trees", Min = 1, Max = 10000, SearchMin = 50, SearchMax = 1000, SearchLog = true, Description = "Number of trees.")]
    public int Trees { get; set; } = 100;

    [Parameter("num_leaves", Min = 2, Max = 4096, SearchMin = 4, SearchMax = 256, SearchLog = true, Description = "Most leaves per tree; the main control of model complexity.")]
    public int NumberOfLeaves { get; set; } = 20;

    [Parameter("min_data_in_leaf", Min = 1, Max = 100000, SearchMin = 2, SearchMax = 200, SearchLog = true, Description = "Fewest training rows in a leaf; larger values resist overfitting.")]
    public int MinimumExampleCountPerLeaf { get; set; } = 10;

    [Parameter("feature_fraction", Min = 0.1, Max = 1, SearchMin = 0.3, SearchMax = 1, Description = "Share of features considered for each tree.")]
    public double FeatureFraction { get; set; } = 1;

    /// <summary>The same options as object initializer lines in generated code (with a learning rate for boosted trees).</summary>
    public string Code(string trainer, string options, int seed, double? learningRate) =>
        $$"""
        {{trainer}}(new {{options}}
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfTrees = {{Trees}},
            NumberOfLeaves = {{NumberOfLeaves}},
            MinimumExampleCountPerLeaf = {{MinimumExampleCountPerLeaf}},
            FeatureFraction = {{CodeGen.CSharpLiteral.Of(FeatureFraction)}},
        {{(learningRate is { } rate ? $"    LearningRate = {CodeGen.CSharpLiteral.Of(rate)},\n" : "")}}    Seed = {{seed}},
            FeatureSelectionSeed = {{seed}},
        })
        """;

    /// <summary>Fills the options every FastTree and FastForest trainer shares.</summary>
    public TOptions Configure<TOptions>(TOptions options, string label, int seed)
        where TOptions : TreeOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LabelColumnName = label;
        options.FeatureColumnName = FeaturePlan.Column;
        options.NumberOfTrees = Trees;
        options.NumberOfLeaves = NumberOfLeaves;
        options.MinimumExampleCountPerLeaf = MinimumExampleCountPerLeaf;
        options.FeatureFraction = FeatureFraction;
        options.Seed = seed;
        options.FeatureSelectionSeed = seed;
        return options;
    }
}
