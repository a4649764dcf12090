using Loom.Sdk;

namespace Loom.Components.Training;

/// <summary>A trainer that learns to predict a label column.</summary>
internal abstract class SupervisedTrainer : TrainerComponent
{
    [Parameter("label", Required = true, Description = "Column to predict.")]
    public string Label { get; set; } = "";

    protected override string? LabelName => Label;

    protected override IEnumerable<string> NonFeatureColumns => [.. Exclude, Label];
}
