using Loom.Components.Tables;
using Microsoft.ML.Trainers;

namespace Loom.Components.Training;

/// <summary>What a trainer takes from the column roles of its table: label and group defaults, example weights.</summary>
internal abstract partial class TrainerComponent
{
    /// <summary>The example weights as the learner reads them (32-bit floats).</summary>
    internal const string WeightColumn = "__loom_weight";

    private bool weightApplied;

    /// <summary>The column roles of the training table (table.roles upstream).</summary>
    protected ColumnRoles Roles { get; private set; } = ColumnRoles.None;

    /// <summary>Takes defaults from the table's column roles, such as the label when none is given.</summary>
    protected virtual void UseRoles(string step)
    {
    }

    /// <summary>Points a learner's options at the example weights, when the table has a weight role and the learner takes weights.</summary>
    protected TOptions Weighted<TOptions>(TOptions options)
        where TOptions : TrainerInputBase
    {
        if (Roles.Weight is null)
        {
            return options;
        }

        switch (options)
        {
            case LinearSvmTrainer.Options svm:
                svm.ExampleWeightColumnName = WeightColumn;
                weightApplied = true;
                break;
            case TrainerInputBaseWithWeight supervised:
                supervised.ExampleWeightColumnName = WeightColumn;
                weightApplied = true;
                break;
            case UnsupervisedTrainerInputBaseWithWeight unsupervised:
                unsupervised.ExampleWeightColumnName = WeightColumn;
                weightApplied = true;
                break;
        }

        return options;
    }

    private string RoleOf(string column) =>
        column == Roles.Weight ? "the example weight"
        : Roles.Ids.Contains(column) ? "an id"
        : column == Roles.Label ? "a label"
        : Roles.Features.Count > 0 && !Roles.Features.Contains(column) && column != Roles.Group ? "a column outside the table's feature columns"
        : "the group";
}
