using System.Globalization;
using System.Reflection;
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
/// What every trainer does: prepare the label (if the task has one), featurize raw columns (or apply a
/// bound transform), fit the learner, and store one model holding the whole chain from raw columns to
/// prediction. Task bases (<see cref="BinaryTrainer"/> and the others) say how labels and outputs look;
/// each algorithm's component only creates its learner.
/// </summary>
[Input("table", ArtifactKind.Table, Description = "Training rows, with the label column when the task has one.")]
[Input("transform", ArtifactKind.Model, Optional = true, Description = "A fitted feature transform (from a features step) to use instead of automatic featurization.")]
[Output("model", ArtifactKind.Model, Description = "The trained model: raw columns in, predictions out.")]
internal abstract partial class TrainerComponent : IComponent
{
    private IReadOnlyList<string> roleNonFeatures = [];

    [Parameter("exclude", Description = "Columns never used as features, such as ids or columns known only after the fact.")]
    public string[] Exclude { get; set; } = [];

    /// <summary>The learning task written on the model card.</summary>
    protected abstract string Task { get; }

    /// <summary>The column the learner reads the label from.</summary>
    protected virtual string TrainingLabelColumn => LabelPreparation.Column;

    /// <summary>Whether automatic featurization scales features (linear learners need it; trees do not).</summary>
    protected virtual bool NormalizeFeatures => false;

    /// <summary>Columns that are never features: the excluded ones, those whose role is not feature and, for supervised tasks, the label.</summary>
    protected virtual IEnumerable<string> NonFeatureColumns => Exclude.Union(roleNonFeatures);

    /// <summary>This component as <c>name@version</c>, for the model card.</summary>
    protected string Producer
    {
        get
        {
            var info = GetType().GetCustomAttribute<ComponentAttribute>()!;
            return $"{info.Name}@{info.Version}";
        }
    }

    public async Task ExecuteAsync(IComponentContext context)
    {
        var ml = new MLContext(context.Seed);
        var frame = await TableIO.LoadAsync(context, "table").ConfigureAwait(false);
        Roles = await TableIO.RolesAsync(context, "table").ConfigureAwait(false);
        UseRoles(context.StepName);
        roleNonFeatures = Roles.NotFeatures(frame.Columns.Select(c => c.Name)).ToList();
        ExampleWeights.Check(frame, Roles.Weight, context.StepName);
        var (prepared, card) = PrepareLabel(frame, context);
        if (prepared.Dropped > 0)
        {
            context.Logger.LogWarning("dropped {Rows} row(s) whose label '{Label}' is missing", prepared.Dropped, LabelName);
        }

        context.ReportProgress(0.05, "featurizing");
        IDataView data = prepared.Table;
        var (featurizer, inputs) = Featurize(ml, context, prepared.Table);
        var featurized = featurizer.Transform(data);
        context.Logger.LogInformation("training {Trainer} on {Rows} rows", Producer, prepared.Table.Rows.Count);
        context.ReportProgress(0.1, "training");
        var training = ExampleWeights.View(ml, LabelView(ml, featurized), Roles.Weight);
        // The learner gets a context of its own: its random draws then depend on the seed alone, not on how
        // many transforms were created before it (and generated code reproduces them the same way).
        var learner = CreateTrainer(new MLContext(context.Seed), context);
        if (Roles.Weight is { } weight && !weightApplied)
        {
            context.Logger.LogWarning("{Trainer} does not take example weights: the weight column '{Weight}' is ignored", Producer, weight);
        }

        var trained = Complete(ml, Fit(learner, training, context.StepName), training);
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
        catch (ArgumentNullException e) when (e.StackTrace is { } stack && (stack.Contains("Microsoft.ML.Trainers.FastTree", StringComparison.Ordinal) || stack.Contains("Microsoft.ML.Trainers.LightGbm", StringComparison.Ordinal)))
        {
            // ML.NET cannot convert a boosted model whose trees never split.
            throw new DataException($"step '{step}': the trees learned no splits: the features carry no usable signal about the label, or min_data_in_leaf is too large for {data.GetRowCount()?.ToString(CultureInfo.InvariantCulture) ?? "these"} rows");
        }
    }

    /// <summary>Adds the prepared label column (if any) and starts the model card.</summary>
    protected abstract (PreparedData Data, ModelCard Card) PrepareLabel(DataFrame table, IComponentContext context);

    /// <summary>The learner, reading <c>Features</c> and the prepared label.</summary>
    protected abstract IEstimator<ITransformer> CreateTrainer(MLContext ml, IComponentContext context);

    /// <summary>Adds what the learner needs of the label beyond the prepared column; not part of the saved model.</summary>
    protected virtual IDataView LabelView(MLContext ml, IDataView data) => data;

    /// <summary>Finishes the fitted learner, such as calibrating its scores; by default as it is.</summary>
    protected virtual ITransformer Complete(MLContext ml, ITransformer trained, IDataView training) => trained;

    /// <summary>Turns the learner's output into a readable <c>Prediction</c> column.</summary>
    protected abstract IEstimator<ITransformer> Output(MLContext ml, ModelCard card);

    /// <summary>The label column the model card records; none for unsupervised tasks.</summary>
    protected virtual string? LabelName => null;

    protected ModelCard StartCard() => new() { Task = Task, Label = LabelName, Inputs = [], Producer = Producer };

    private Dictionary<string, string> Describe() =>
        ParameterReflection.Read(this)
            .Where(p => p.Key is not ("label" or "exclude"))
            .ToDictionary(p => p.Key, p => p.Value switch
            {
                string[] list => string.Join(",", list),
                { } value => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                null => "",
            });

    private (ITransformer Featurizer, IReadOnlyList<ModelColumn> Inputs) Featurize(MLContext ml, IComponentContext context, DataFrame table)
    {
        var nonFeatures = NonFeatureColumns.ToList();
        IDataView data = table;
        ModelPackage? transform = null;
        if (context.HasInput("transform"))
        {
            transform = BoundTransform(ml, context);
            data = transform.Model.Transform(table);
            if (data.Schema.GetColumnOrNull(FeaturePlan.Column) is { } features && FeatureStep.ShapeOf(features.Type) == ColumnShape.Vector)
            {
                context.Logger.LogInformation("features: the '{Column}' vector of the bound transform ({Producer})", FeaturePlan.Column, transform.Card.Producer);
                return (transform.Model, transform.Card.Inputs);
            }

            context.Logger.LogInformation("features: the output of the bound transform ({Producer}), featurized automatically", transform.Card.Producer);
        }

        foreach (var column in nonFeatures.Where(c => data.Schema.GetColumnOrNull(c) is null))
        {
            throw new DataException($"step '{context.StepName}': column '{column}' is not in the table; its columns are {string.Join(", ", table.Columns.Select(c => c.Name).Where(n => n != LabelPreparation.Column))}");
        }

        var plan = AutoFeaturizer.Plan(ml, TableProfile.Of(data, context.CancellationToken), nonFeatures, NormalizeFeatures, context.StepName);
        foreach (var decision in plan.Decisions)
        {
            context.Logger.LogInformation("feature {Decision}", decision);
        }

        var fitted = plan.Estimator.Fit(data);
        if (transform is null)
        {
            return (fitted, plan.Inputs);
        }

        // Raw columns the automatic part reads directly join the transform's own inputs.
        var inputs = transform.Card.Inputs.Concat(plan.Inputs.Where(p => table.Columns.IndexOf(p.Name) >= 0 && transform.Card.Inputs.All(i => i.Name != p.Name))).ToList();
        return (new TransformerChain<ITransformer>(transform.Model, fitted), inputs);
    }

    private ModelPackage BoundTransform(MLContext ml, IComponentContext context)
    {
        var transform = ModelFiles.Load(ml, context.GetInput("transform").Path);
        if (transform.Card.Task != "transform")
        {
            throw new DataException($"step '{context.StepName}': the bound transform is a {transform.Card.Task} model ({transform.Card.Producer}); bind a features step's transform");
        }

        if (LabelName is { } label && transform.Card.Inputs.Any(c => c.Name == label))
        {
            throw new DataException($"step '{context.StepName}': the transform uses the label '{label}' as a feature, which leaks the answer; set 'label: {label}' on the features step");
        }

        // 'exclude' is for automatic featurization; other non-features (a ranking group) must stay out of the transform too.
        var nonFeatures = NonFeatureColumns.ToList();
        if (transform.Card.Inputs.FirstOrDefault(c => nonFeatures.Contains(c.Name) && c.Name != LabelName && !Exclude.Contains(c.Name)) is { } other)
        {
            throw new DataException($"step '{context.StepName}': the transform uses '{other.Name}' as a feature, but this step reads it as {RoleOf(other.Name)}; add it to 'exclude' on the features step, or give the table its roles before the features step");
        }

        return transform;
    }
}
