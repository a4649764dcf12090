using Loom.Sdk;
using Microsoft.Extensions.Logging;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <summary>Fits a sensible featurization for every column of a table.</summary>
[Component("features.auto", "1.0.0", Example = "features: { component: features.auto@1, inputs: { table: split.train }, params: { label: churn, exclude: [customer_id] } }", Category = "features", Description = "Fits a featurization chosen per column type: numbers imputed with the mean plus a missing indicator, booleans as 0/1, categories one-hot (hashed when there are very many), free text as n-grams, id-like and constant columns dropped, numbers scaled by their range (zero stays zero); vectors made by earlier features steps are used as they are. Its transform outputs the 'Features' vector a trainer reads.")]
internal sealed partial class FeaturesAuto : FeatureStep
{
    [Parameter("label", Description = "The label column, which is never used as a feature. Set it whenever the table has one and no table.roles step marked it.")]
    public string? Label { get; set; }

    [Parameter("exclude", Description = "Further columns never used as features.")]
    public string[] Exclude { get; set; } = [];

    [Parameter("normalize", Description = "Whether to scale each numeric feature by its range (min-max, zero kept at zero); needed by linear learners, harmless for trees. One-hot, boolean and text features already lie in [0, 1] and are left as they are.")]
    public bool Normalize { get; set; } = true;

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        string[] given = Label is null ? Exclude : [.. Exclude, Label];
        foreach (var column in given.Where(c => data.Schema.GetColumnOrNull(c) is null))
        {
            throw new DataException($"step '{context.StepName}': column '{column}' (label or exclude) is not in the table; its columns are {string.Join(", ", data.Schema.Where(c => !c.IsHidden).Select(c => c.Name))}");
        }

        var exclude = given.Union(RoleExcluded).ToList();

        // One pass to profile the columns; fitting then streams the table again.
        var profile = TableProfile.Of(data, context.CancellationToken);
        var plan = AutoFeaturizer.Plan(ml, profile, exclude, Normalize, context.StepName);
        foreach (var decision in plan.Decisions)
        {
            context.Logger.LogInformation("feature {Decision}", decision);
        }

        return (plan.Estimator, plan.Inputs.Select(i => i.Name).ToList());
    }
}
