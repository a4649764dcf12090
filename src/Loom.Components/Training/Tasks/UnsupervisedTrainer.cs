using Loom.Components.Labels;
using Loom.Components.Models;
using Microsoft.Data.Analysis;
using Loom.Sdk;

namespace Loom.Components.Training;

/// <summary>A trainer without a label: every column not excluded is a feature.</summary>
internal abstract class UnsupervisedTrainer : TrainerComponent
{
    protected override bool NormalizeFeatures => true;

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context) =>
        table.Rows.Count == 0
            ? throw new DataException($"step '{context.StepName}': the table has no rows; nothing to learn from")
            : (new PreparedData(table, 0), StartCard());
}
