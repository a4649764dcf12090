using Loom.Components.CodeGen;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;

namespace Loom.Components.Features;

/// <summary>Encodes text columns in place as 0/1 slots; the two encodings differ only in how a category finds its slot.</summary>
internal abstract class CategoryEncoding : FeatureStep
{
    [Parameter("columns", Description = "Text columns to encode; by default every text column.")]
    public string[] Columns { get; set; } = [];

    [Parameter("exclude", Description = "Columns left out when the default of every text column applies (the label, ids).")]
    public string[] Exclude { get; set; } = [];

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Text, Exclude);
        Require(data, columns, context.StepName, "columns", ColumnShape.Text);
        return (Encode(ml, columns.Select(c => new InputOutputColumnPair(c, c)).ToArray()), columns);
    }

    /// <summary>The encoder, replacing each column by its slots.</summary>
    protected abstract IEstimator<ITransformer> Encode(MLContext ml, InputOutputColumnPair[] columns);

    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Text, Exclude);
        step.Code.Usings.Add("Microsoft.ML.Transforms");
        var (summary, code) = EncodeCode(FeatureCode.Pairs(columns));
        return new FeatureEstimatorCode($"encodes {string.Join(", ", columns.Select(c => $"'{c}'"))} {summary}", [$"var featurizer = {code};"]);
    }

    /// <summary>The encoder in generated code over the column pairs, and what it does for the method's comment.</summary>
    protected abstract (string Summary, string Code) EncodeCode(string pairs);
}

/// <summary>One-hot encodes categories.</summary>
[Component("features.one-hot", "1.0.0", Example = "onehot: { component: features.one-hot@1, inputs: { table: split.train }, params: { columns: [cut, color, clarity] } }", Category = "features", Description = "Encodes category (text) columns in place as one 0/1 indicator per category seen in training; a category never seen in training gets all zeros.")]
internal sealed class FeaturesOneHot : CategoryEncoding
{
    [Parameter("max_categories", Min = 1, Max = 1000000, Description = "Most categories kept per column: the first ones met in the training rows; later ones are treated as unseen.")]
    public int MaxCategories { get; set; } = 1000;

    protected override (string Summary, string Code) EncodeCode(string pairs) =>
        ($"as one 0/1 slot per category met in training (at most {MaxCategories})", $"ml.Transforms.Categorical.OneHotEncoding({pairs}, OneHotEncodingEstimator.OutputKind.Indicator, maximumNumberOfKeys: {MaxCategories}, keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence)");

    protected override IEstimator<ITransformer> Encode(MLContext ml, InputOutputColumnPair[] columns) =>
        ml.Transforms.Categorical.OneHotEncoding(columns, OneHotEncodingEstimator.OutputKind.Indicator, MaxCategories, ValueToKeyMappingEstimator.KeyOrdinality.ByOccurrence);
}

/// <summary>One-hot encodes categories into hashed slots.</summary>
[Component("features.one-hot-hash", "1.0.0", Example = "hashed: { component: features.one-hot-hash@1, inputs: { table: split.train }, params: { columns: [zip_code], bits: 10 } }", Category = "features", Description = "Encodes category (text) columns in place into a fixed number of hashed 0/1 slots: no vocabulary to store, any number of categories, unseen ones land in a slot too; different categories may share a slot.")]
internal sealed class FeaturesOneHotHash : CategoryEncoding
{
    [Parameter("bits", Min = 1, Max = 30, Description = "Number of slots as a power of two (12 gives 4096).")]
    public int Bits { get; set; } = 12;

    protected override (string Summary, string Code) EncodeCode(string pairs) =>
        ($"into 2^{Bits} hashed 0/1 slots", $"ml.Transforms.Categorical.OneHotHashEncoding({pairs}, OneHotEncodingEstimator.OutputKind.Indicator, numberOfBits: {Bits})");

    protected override IEstimator<ITransformer> Encode(MLContext ml, InputOutputColumnPair[] columns) =>
        ml.Transforms.Categorical.OneHotHashEncoding(columns, OneHotEncodingEstimator.OutputKind.Indicator, Bits);
}
