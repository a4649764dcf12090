using Loom.Sdk;

namespace Loom.Components.Training;

/// <summary>The LightGBM hyperparameters every LightGBM trainer exposes.</summary>
internal abstract class LightGbmComponent : TrainerComponent
{
    [Parameter("iterations", Min = 1, Max = 10000, Description = "Number of boosting rounds (trees).")]
    public int Iterations { get; set; } = 300;

    [Parameter("learning_rate", Min = 0.0001, Max = 1, Description = "Shrinkage applied to each tree; smaller needs more iterations but generalizes better.")]
    public double LearningRate { get; set; } = 0.03;

    [Parameter("num_leaves", Min = 2, Max = 4096, Description = "Most leaves per tree; the main control of model complexity.")]
    public int NumberOfLeaves { get; set; } = 15;

    [Parameter("min_data_in_leaf", Min = 1, Max = 100000, Description = "Fewest training rows in a leaf; larger values resist overfitting.")]
    public int MinimumExampleCountPerLeaf { get; set; } = 20;

    [Parameter("l2_regularization", Min = 0, Max = 1000, Description = "L2 penalty on leaf values.")]
    public double L2Regularization { get; set; } = 1;

    [Parameter("feature_fraction", Min = 0.1, Max = 1, Description = "Share of features sampled for each tree.")]
    public double FeatureFraction { get; set; } = 0.8;

    protected override IEnumerable<(string Name, object Value)> Hyperparameters() =>
    [
        ("iterations", Iterations), ("learning_rate", LearningRate), ("num_leaves", NumberOfLeaves),
        ("min_data_in_leaf", MinimumExampleCountPerLeaf), ("l2_regularization", L2Regularization), ("feature_fraction", FeatureFraction),
    ];

    /// <summary>Booster settings shared by every LightGBM trainer.</summary>
    protected Microsoft.ML.Trainers.LightGbm.GradientBooster.Options Booster() => new()
    {
        L2Regularization = L2Regularization,
        FeatureFraction = FeatureFraction,
    };
}
