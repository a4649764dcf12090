using Loom.Components.Tables;
using Loom.Sdk;

namespace Loom.Components.Tuning;

/// <summary>The parameters naming the trainer a cross-validation or search runs, shared by both.</summary>
internal sealed class TrainerChoice
{
    [Parameter("trainer", Required = true, Description = "The trainer component, such as train.lightgbm-binary.")]
    public string Trainer { get; set; } = "";

    [Parameter("trainer_params", Description = "Fixed parameters of the trainer as 'name=value', e.g. ['iterations=200', 'exclude=id,date'].")]
    public string[] TrainerParams { get; set; } = [];

    [Parameter("label", Description = "Column to predict, passed to the trainer; by default the table's label role (table.roles).")]
    public string Label { get; set; } = "";

    public TrainerSpec Resolve(string step, ColumnRoles roles)
    {
        var label = Label.Length > 0 ? Label
            : roles.Label ?? throw new DataException($"step '{step}': no label: set 'label', or mark the label column with a table.roles step upstream");
        return TrainerSpec.Resolve(Trainer, [.. TrainerParams, $"label={label}"], step);
    }
}
