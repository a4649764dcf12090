using Loom.Components.Labels;
using Loom.Components.CodeGen;
using Loom.Sdk;
using Microsoft.ML;

namespace Loom.Components.Features;

/// <summary>Keeps the most useful slots of a vector column.</summary>
[Component("features.select", "1.0.0", Example = "select: { component: features.select@1, inputs: { table: split.train, transform: text.transform }, params: { column: review, method: mutual-information, label: score, slots: 2000 } }", Category = "features", Description = "Keeps the useful slots of a vector column (text n-grams, one-hot categories, the Features vector): those non-zero in at least 'count' training rows, or the 'slots' with the most mutual information with the label.")]
internal sealed class FeaturesSelect : FeatureStep
{
    [Parameter("column", Required = true, Description = "The vector column to select from (made by an earlier features step).")]
    public string Column { get; set; } = "";

    [Parameter("method", Choices = ["count", "mutual-information"], Description = "count: drop slots that are non-zero in fewer than 'count' rows; mutual-information: keep the 'slots' most informative about the label.")]
    public string Method { get; set; } = "count";

    [Parameter("count", Min = 1, Max = 100000000, Description = "For count: fewest training rows in which a slot must be non-zero to be kept.")]
    public int Count { get; set; } = 5;

    [Parameter("slots", Min = 1, Max = 100000000, Description = "For mutual-information: number of slots kept.")]
    public int Slots { get; set; } = 1000;

    [Parameter("label", Description = "For mutual-information: the label column; by default the table's label role (table.roles).")]
    public string? Label { get; set; }

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        Require(data, [Column], context.StepName, "column", ColumnShape.Vector);
        if (Method == "count")
        {
            return (ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(Column, Column, Count), []);
        }

        var label = string.IsNullOrEmpty(Label) ? Roles.Label : Label;
        if (label is null)
        {
            throw new DataException($"step '{context.StepName}': method 'mutual-information' needs the 'label' parameter (or a label role set by table.roles upstream)");
        }

        Require(data, [label], context.StepName, "label", ColumnShape.Number, ColumnShape.Boolean, ColumnShape.Text);
        return (new LabelledSelection(ml, Column, label, Slots), []);
    }

    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        var column = CSharpLiteral.Of(Column);
        if (Method == "count")
        {
            return new FeatureEstimatorCode($"keeps the slots of '{Column}' that are non-zero in at least {Count} rows", [$"var featurizer = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount({column}, {column}, count: {Count});"]);
        }

        var label = (string.IsNullOrEmpty(Label) ? Roles.Label : Label) ?? throw step.Unsupported("no label: set 'label', or mark the label column with table.roles");
        string[] lines =
        [
            "// Mutual information needs the label as a key while fitting; the fitted selection does not read it.",
            $"var labeled = ml.Transforms.Conversion.ConvertType(\"Label.text\", {CSharpLiteral.Of(label)}, DataKind.String)",
            "    .Append(ml.Transforms.Conversion.MapValueToKey(\"Label\", \"Label.text\"))",
            $"    .Fit({view})",
            $"    .Transform({view});",
            $"var featurizer = ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation({column}, {column}, labelColumnName: \"Label\", slotsInOutput: {Slots});",
        ];
        return new FeatureEstimatorCode($"keeps the {Slots} slots of '{Column}' with the most mutual information with '{label}'", lines, "labeled");
    }

    /// <summary>
    /// Mutual information needs the label as a key while fitting, but the fitted selection must not read
    /// the label (scoring has none): the key is made for fitting only.
    /// </summary>
    private sealed class LabelledSelection(MLContext ml, string column, string label, int slots) : IEstimator<ITransformer>
    {
        public ITransformer Fit(IDataView input)
        {
            var text = ml.Transforms.Conversion.ConvertType(LabelPreparation.Column + "_text", label, Microsoft.ML.Data.DataKind.String);
            var keyed = text.Append(ml.Transforms.Conversion.MapValueToKey(LabelPreparation.Column, LabelPreparation.Column + "_text")).Fit(input).Transform(input);
            return ml.Transforms.FeatureSelection.SelectFeaturesBasedOnMutualInformation(column, column, LabelPreparation.Column, slots).Fit(keyed);
        }

        public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
            ml.Transforms.FeatureSelection.SelectFeaturesBasedOnCount(column, column).GetOutputSchema(inputSchema);
    }
}
