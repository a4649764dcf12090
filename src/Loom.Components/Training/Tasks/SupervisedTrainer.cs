using Loom.Sdk;

namespace Loom.Components.Training;

/// <summary>A trainer that learns to predict a label column.</summary>
internal abstract class SupervisedTrainer : TrainerComponent
{
    [Parameter("label", Description = "Column to predict; by default the table's label role (table.roles).")]
    public string Label { get; set; } = "";

    protected override string? LabelName => Label;

    protected override IEnumerable<string> NonFeatureColumns => [.. base.NonFeatureColumns, Label];

    protected override void UseRoles(string step)
    {
        if (Label.Length == 0)
        {
            Label = Roles.Label ?? throw new DataException($"step '{step}': no label: set 'label', or mark the label column with a table.roles step upstream");
        }
    }
}
