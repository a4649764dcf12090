using Loom.Components.CodeGen;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>Rescales number columns.</summary>
[Component("features.normalize", "1.0.0", Example = "scale: { component: features.normalize@1, inputs: { table: split.train, transform: impute.transform }, params: { method: robust, exclude: [Sale_Price] } }", Category = "features", Description = "Rescales number columns in place: min-max (by the range, zero kept at zero), mean-variance (zero mean, unit variance, as a standard scaler), log-mean-variance (for skewed positive values: the cumulative probability, 0 to 1, of a log-normal distribution fitted to the column), robust (median and interquartile range, resistant to outliers) or binning (equal-density bins mapped to [0, 1]).")]
internal sealed class FeaturesNormalize : FeatureStep
{
    [Parameter("columns", Description = "Number columns to rescale; by default every number column.")]
    public string[] Columns { get; set; } = [];

    [Parameter("method", Choices = ["min-max", "mean-variance", "log-mean-variance", "robust", "binning"], Description = "How to rescale.")]
    public string Method { get; set; } = "min-max";

    [Parameter("bins", Min = 2, Max = 100000, Description = "Number of bins, for the binning method.")]
    public int Bins { get; set; } = 1024;

    [Parameter("exclude", Description = "Columns left out when the default of every number column applies (the label, ids).")]
    public string[] Exclude { get; set; } = [];

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Number, Exclude);
        Require(data, columns, context.StepName, "columns", ColumnShape.Number, ColumnShape.Vector);
        var pairs = columns.Select(c => new InputOutputColumnPair(c, c)).ToArray();
        IEstimator<ITransformer> estimator = Method switch
        {
            "mean-variance" => ml.Transforms.NormalizeMeanVariance(pairs, fixZero: false),
            "log-mean-variance" => ml.Transforms.NormalizeLogMeanVariance(pairs),
            "robust" => ml.Transforms.NormalizeRobustScaling(pairs),
            "binning" => ml.Transforms.NormalizeBinning(pairs, maximumBinCount: Bins),
            _ => ml.Transforms.NormalizeMinMax(pairs),
        };
        return (estimator, columns);
    }

    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Number, Exclude);
        var pairs = FeatureCode.Pairs(columns);
        var code = Method switch
        {
            "mean-variance" => $"ml.Transforms.NormalizeMeanVariance({pairs}, fixZero: false)",
            "log-mean-variance" => $"ml.Transforms.NormalizeLogMeanVariance({pairs})",
            "robust" => $"ml.Transforms.NormalizeRobustScaling({pairs})",
            "binning" => $"ml.Transforms.NormalizeBinning({pairs}, maximumBinCount: {Bins})",
            _ => $"ml.Transforms.NormalizeMinMax({pairs})",
        };
        return new FeatureEstimatorCode($"rescales {string.Join(", ", columns.Select(c => $"'{c}'"))} ({Method})", [$"var featurizer = {code};"]);
    }
}
