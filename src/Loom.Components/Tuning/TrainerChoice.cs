using Loom.Sdk;

namespace Loom.Components.Tuning;

/// <summary>The parameters naming the trainer a cross-validation or search runs, shared by both.</summary>
internal sealed class TrainerChoice
{
    [Parameter("trainer", Required = true, Description = "The trainer component, such as train.lightgbm-binary.")]
    public string Trainer { get; set; } = "";

    [Parameter("trainer_params", Description = "Fixed parameters of the trainer as 'name=value', e.g. ['iterations=200', 'exclude=id,date'].")]
    public string[] TrainerParams { get; set; } = [];

    [Parameter("label", Required = true, Description = "Column to predict, passed to the trainer.")]
    public string Label { get; set; } = "";

    public TrainerSpec Resolve(string step) => TrainerSpec.Resolve(Trainer, [.. TrainerParams, $"label={Label}"], step);
}
