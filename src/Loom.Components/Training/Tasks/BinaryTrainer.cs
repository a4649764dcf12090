using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Training;

/// <summary>
/// Two-class classification: the label may be bool, 0/1 or any two values. Every binary model gives a
/// Probability: learners whose scores are not probabilities get a Platt calibrator fitted on the
/// training rows.
/// </summary>
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, Prediction (the class), Probability (of the positive class) and Score out.")]
internal abstract class BinaryTrainer : SupervisedTrainer
{
    [Parameter("positive", Description = "Label value that counts as positive; by default true or 1, else the minority class.")]
    public string? Positive { get; set; }

    protected override string Task => "binary";

    protected override (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context)
    {
        var (positive, negative, reason) = LabelPreparation.BinaryClasses(table, Label, Positive, context.StepName);
        context.Logger.LogInformation("label '{Label}': positive class '{Positive}' ({Reason}), negative class '{Negative}'", Label, positive, reason, negative);
        var card = StartCard() with { PositiveClass = positive, NegativeClass = negative };
        return (LabelPreparation.Binary(table, Label, positive, negative, context.StepName), card);
    }

    protected override ITransformer Complete(MLContext ml, ITransformer trained, IDataView training)
    {
        var scored = trained.Transform(training);
        if (scored.Schema.GetColumnOrNull("Probability") is not null)
        {
            return trained;
        }

        var calibrator = ml.BinaryClassification.Calibrators.Platt(labelColumnName: TrainingLabelColumn).Fit(scored);
        return new TransformerChain<ITransformer>(trained, calibrator);
    }

    protected override string? OutputCode(ModelCard card) =>
        $"ml.Transforms.Conversion.MapValue(\"Prediction\", new[] {{ KeyValuePair.Create(true, {CodeGen.CSharpLiteral.Of(card.PositiveClass!)}), KeyValuePair.Create(false, {CodeGen.CSharpLiteral.Of(card.NegativeClass!)}) }}, \"PredictedLabel\")";

    protected override IEstimator<ITransformer> Output(MLContext ml, ModelCard card) =>
        ml.Transforms.Conversion.MapValue(
            "Prediction",
            [KeyValuePair.Create(true, card.PositiveClass!), KeyValuePair.Create(false, card.NegativeClass!)],
            "PredictedLabel");
}
