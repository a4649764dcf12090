using Loom.Components.CodeGen;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <content>
/// The step as code: the same custom mapping, written into the generated model library (DateParts.cs)
/// under the contract name the saved model records, so the predictor loads the platform's model too.
/// </content>
internal sealed partial class FeaturesDateParts
{
    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        step.Code.Helpers.Add("DateParts");
        var estimators = new List<string>();
        foreach (var column in Columns)
        {
            estimators.Add($"ml.Transforms.CopyColumns(nameof(DateText.DateValue), {CSharpLiteral.Of(column)})");
            estimators.Add("ml.Transforms.CustomMapping<DateText, DatePartValues>(DatePartsFactory.Map, DatePartsFactory.ContractName)");
            estimators.AddRange(Parts.Select(part => $"ml.Transforms.CopyColumns({CSharpLiteral.Of($"{column}_{part}")}, nameof(DatePartValues.{Properties[part]}))"));
            estimators.Add($"ml.Transforms.DropColumns({CSharpLiteral.Of(column)}, nameof(DateText.DateValue), {string.Join(", ", Properties.Values.Select(p => $"nameof(DatePartValues.{p})"))})");
        }

        return new FeatureEstimatorCode(
            $"turns {string.Join(", ", Columns.Select(c => $"'{c}'"))} into the date parts {string.Join(", ", Parts)}",
            FeatureCode.Chain("featurizer", estimators));
    }
}
