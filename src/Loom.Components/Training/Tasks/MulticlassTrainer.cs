using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Training;

/// <summary>Multiclass classification: the label may be text or numbers, with two or more classes.</summary>
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (the class) and Score (one probability per class) out.")]
internal abstract class MulticlassTrainer : SupervisedTrainer
{
    private IReadOnlyList<string>? classes;

    protected override string Task => "multiclass";

    protected override string TrainingLabelColumn => MulticlassLabel.KeyColumn;

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context)
    {
        var prepared = LabelPreparation.Multiclass(table, Label, context.StepName);
        var classes = LabelValues.Order(LabelPreparation.Values(prepared.Table, Label, context.StepName).OfType<string>());
        if (classes.Count < 2)
        {
            throw new DataException($"step '{context.StepName}': label '{Label}' has {classes.Count} class(es); a classifier needs at least two");
        }

        context.Logger.LogInformation("label '{Label}': {Count} classes: {Classes}", Label, classes.Count, string.Join(", ", classes.Take(20)));
        this.classes = classes;
        return (prepared, StartCard() with { Classes = classes });
    }

    protected override IDataView LabelView(MLContext ml, IDataView data) => MulticlassLabel.AddKey(ml, data, classes!);

    protected override string? OutputCode(ModelCard card) => "ml.Transforms.Conversion.MapKeyToValue(\"Prediction\", \"PredictedLabel\")";

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.Conversion.MapKeyToValue("Prediction", "PredictedLabel");
}
