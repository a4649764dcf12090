using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>Turns date columns into numeric parts.</summary>
[Component("features.date-parts", "1.0.0", Category = "features", Example = "dates: { component: features.date-parts@1, inputs: { table: split.train }, params: { columns: [signup_date], parts: [year, month, day_of_week] } }", Description = "Turns date or date-time text columns (ISO 8601, or any invariant-culture form; times taken as UTC) into numeric parts: <column>_year, _month, _day, _day_of_week (0 is Sunday), _day_of_year, _hour and _epoch (days since 1970-01-01, for trends). The text column is dropped; a missing or unreadable date gives missing parts. Models with this step cannot be exported to ONNX.")]
internal sealed partial class FeaturesDateParts : FeatureStep
{
    private static readonly Dictionary<string, string> Properties = new()
    {
        ["year"] = nameof(DatePartValues.Year),
        ["month"] = nameof(DatePartValues.Month),
        ["day"] = nameof(DatePartValues.Day),
        ["day_of_week"] = nameof(DatePartValues.DayOfWeek),
        ["day_of_year"] = nameof(DatePartValues.DayOfYear),
        ["hour"] = nameof(DatePartValues.Hour),
        ["epoch"] = nameof(DatePartValues.Epoch),
    };

    [Parameter("columns", Required = true, Description = "Date columns (text).")]
    public string[] Columns { get; set; } = [];

    [Parameter("parts", Description = "Parts to make, from year, month, day, day_of_week, day_of_year, hour and epoch.")]
    public string[] Parts { get; set; } = ["year", "month", "day", "day_of_week", "hour"];

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        Require(data, Columns, context.StepName, "columns", ColumnShape.Text);
        RequireValues(data, Columns, context.StepName, "columns");
        foreach (var part in Parts.Where(p => !Properties.ContainsKey(p)))
        {
            throw new DataException($"step '{context.StepName}', 'parts': '{part}' is not a date part; the parts are {string.Join(", ", Properties.Keys)}");
        }

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        foreach (var column in Columns)
        {
            chain = chain
                .Append(ml.Transforms.CopyColumns(nameof(DateText.DateValue), column))
                .Append(ml.Transforms.CustomMapping<DateText, DatePartValues>(DatePartsFactory.Map, DatePartsFactory.ContractName));
            foreach (var part in Parts)
            {
                chain = chain.Append(ml.Transforms.CopyColumns($"{column}_{part}", Properties[part]));
            }

            chain = chain.Append(ml.Transforms.DropColumns([column, nameof(DateText.DateValue), .. Properties.Values]));
        }

        return (chain, Columns);
    }
}
