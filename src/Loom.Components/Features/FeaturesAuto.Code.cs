using Loom.Components.CodeGen;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <content>The step as code: the featurization planned again, the same way, on the same rows.</content>
internal sealed partial class FeaturesAuto
{
    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        string[] given = Label is null ? Exclude : [.. Exclude, Label];
        var exclude = given.Union(RoleExcluded).ToList();
        var plan = AutoFeaturizer.Plan(ml, TableProfile.Of(data, cancellationToken), exclude, Normalize, step.Name);
        var summary = $"fits the featurization chosen per column: the 'Features' vector of {plan.Features.Count} columns";
        return new FeatureEstimatorCode(summary, FeatureCode.Estimator("featurizer", plan));
    }
}
