using System.Globalization;
using Loom.Components.Features;
using Loom.Components.Labels;
using Loom.Components.Models;
using Loom.Components.Tables;
using Loom.Sdk;
using Microsoft.Data.Analysis;
using Microsoft.Extensions.Logging;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Training;

/// <summary>
/// What every supervised trainer does: read the label, featurize raw columns (or apply a fitted
/// transform), fit the learner, and store one model holding the whole chain from raw columns to prediction.
/// </summary>
internal abstract class TrainerComponent : IComponent
{
    [Parameter("label", Required = true, Description = "Column to predict.")]
    public string Label { get; set; } = "";

    [Parameter("exclude", Description = "Columns never used as features, such as ids or columns known only after the fact.")]
    public string[] Exclude { get; set; } = [];

    /// <summary>The column the learner reads the label from.</summary>
    protected virtual string TrainingLabelColumn => LabelPreparation.Column;

    /// <summary>The learning task written on the model card: binary, regression or multiclass.</summary>
    protected abstract string Task { get; }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var frame = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        var (prepared, card) = PrepareLabel(frame, context);
        if (prepared.Dropped > 0)
        {
            context.Logger.LogWarning("dropped {Rows} row(s) whose label '{Label}' is missing", prepared.Dropped, Label);
        }

        context.ReportProgress(0.05, "featurizing");
        IDataView data = prepared.Table;
        var (featurizer, inputs) = Featurize(ml, context, prepared.Table);
        var featurized = featurizer.Transform(data);
        context.Logger.LogInformation("training {Trainer} on {Rows} rows", GetType().Name, prepared.Table.Rows.Count);
        context.ReportProgress(0.1, "training");
        var trained = Fit(CreateTrainer(ml, context), LabelView(ml, featurized), context.StepName);
        context.CancellationToken.ThrowIfCancellationRequested();
        var output = Output(ml, card).Fit(trained.Transform(featurized));
        var chain = new TransformerChain<ITransformer>(featurizer, trained, output);
        card = card with { Inputs = inputs, Parameters = Describe() };
        context.ReportProgress(0.95, "saving");
        await new ModelPackage(chain, data.Schema, card).WriteAsync(ml, context, "model").ConfigureAwait(false);
    }

    private static ITransformer Fit(IEstimator<ITransformer> trainer, IDataView data, string step)
    {
        try
        {
            return trainer.Fit(data);
        }
        catch (ArgumentNullException e) when (e.StackTrace?.Contains("RegressionTreeBase", StringComparison.Ordinal) == true)
        {
            // ML.NET cannot convert a boosted model whose trees never split.
            throw new DataException($"step '{step}': the trees learned no splits: the features carry no usable signal about the label, or min_data_in_leaf is too large for {data.GetRowCount()?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "these"} rows");
        }
    }

    /// <summary>Adds the prepared label column and starts the model card.</summary>
    protected abstract (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context);

    /// <summary>The learner, reading <c>Features</c> and the prepared label.</summary>
    protected abstract IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context);

    /// <summary>Adds what the learner needs of the label beyond the prepared column; not part of the saved model.</summary>
    protected virtual IDataView LabelView(MLContext ml, IDataView data) => data;

    /// <summary>Turns the learner's output into a readable <c>Prediction</c> column.</summary>
    protected abstract IEstimator<ITransformer> Output(MLContext ml, ModelCard card);

    /// <summary>The learner's parameters for the model card.</summary>
    protected abstract IEnumerable<(string Name, object Value)> Hyperparameters();

    protected ModelCard StartCard(string producer) => new() { Task = Task, Label = Label, Inputs = [], Producer = producer };

    private Dictionary<string, string> Describe() =>
        Hyperparameters().ToDictionary(p => p.Name, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "");

    private (ITransformer Featurizer, IReadOnlyList<ModelColumn> Inputs) Featurize(MLContext ml, IComponentContext context, DataFrame table)
    {
        if (context.HasInput("transform"))
        {
            var transform = ModelPackage.Load(ml, context.GetInput("transform").Path);
            if (transform.Card.Inputs.Any(c => c.Name == Label))
            {
                throw new DataException($"step '{context.StepName}': the transform uses the label '{Label}' as a feature, which leaks the answer; set 'label: {Label}' on the features step");
            }

            context.Logger.LogInformation("features from the bound transform ({Producer})", transform.Card.Producer);
            return (transform.Model, transform.Card.Inputs);
        }

        var plan = AutoFeaturizer.Plan(ml, TableProfile.Of(table), [.. Exclude, Label], normalize: false, context.StepName);
        foreach (var decision in plan.Decisions)
        {
            context.Logger.LogInformation("feature {Decision}", decision);
        }

        return (plan.Estimator.Fit(table), plan.Inputs);
    }
}
