using Loom.Components.CodeGen;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>Projects number columns onto their principal components.</summary>
[Component("features.pca", "1.0.0", Example = "pca: { component: features.pca@1, inputs: { table: split.train, transform: scale.transform }, params: { columns: [x, y, z, carat], rank: 2 } }", Category = "features", Description = "Projects number columns onto their first principal components (randomized PCA), giving one vector column of 'rank' decorrelated features; missing values become the column mean, and the input columns are dropped unless kept. Scale the columns first (features.normalize) when their units differ.")]
internal sealed class FeaturesPca : FeatureStep
{
    [Parameter("columns", Description = "Number columns to project; by default every number column.")]
    public string[] Columns { get; set; } = [];

    [Parameter("exclude", Description = "Columns left out when the default of every number column applies (the label, ids).")]
    public string[] Exclude { get; set; } = [];

    [Parameter("rank", Min = 1, Max = 10000, Description = "Number of components kept.")]
    public int Rank { get; set; } = 5;

    [Parameter("output", Description = "Name of the vector column of components.")]
    public string Output { get; set; } = "pca";

    [Parameter("keep_inputs", Description = "Whether the input columns stay in the table beside the components.")]
    public bool KeepInputs { get; set; }

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Number, Exclude);
        Require(data, columns, context.StepName, "columns", ColumnShape.Number);
        RequireValues(data, columns, context.StepName, "columns");
        if (Rank > columns.Count)
        {
            throw new DataException($"step '{context.StepName}', 'rank': {Rank} components cannot come from {columns.Count} column(s); use a rank of at most {columns.Count}");
        }

        var input = "__loom_pca_in";
        IEstimator<ITransformer> chain = ml.Transforms.Concatenate(input, [.. columns])
            .Append(ml.Transforms.Conversion.ConvertType(input, input, DataKind.Single))
            .Append(ml.Transforms.ReplaceMissingValues(input, input, Microsoft.ML.Transforms.MissingValueReplacingEstimator.ReplacementMode.Mean))
            .Append(ml.Transforms.ProjectToPrincipalComponents(Output, input, rank: Rank, seed: context.Seed))
            .Append(ml.Transforms.DropColumns(KeepInputs ? [input] : [input, .. columns]));
        return (chain, columns);
    }

    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        var columns = Columns.Length > 0 ? Columns : ColumnsOf(data, ColumnShape.Number, Exclude);
        var input = CSharpLiteral.Of(Output + ".input");
        step.Code.Usings.Add("Microsoft.ML.Transforms");
        string[] dropped = KeepInputs ? [input] : [input, .. columns.Select(CSharpLiteral.Of)];
        string[] lines =
        [
            $"var featurizer = ml.Transforms.Concatenate({input}, {string.Join(", ", columns.Select(CSharpLiteral.Of))})",
            $"    .Append(ml.Transforms.Conversion.ConvertType({input}, {input}, DataKind.Single))",
            $"    .Append(ml.Transforms.ReplaceMissingValues({input}, {input}, MissingValueReplacingEstimator.ReplacementMode.Mean))",
            $"    .Append(ml.Transforms.ProjectToPrincipalComponents({CSharpLiteral.Of(Output)}, {input}, rank: {Rank}, seed: {step.Seed}))",
            $"    .Append(ml.Transforms.DropColumns({string.Join(", ", dropped)}));",
        ];
        return new FeatureEstimatorCode($"projects {string.Join(", ", columns.Select(c => $"'{c}'"))} onto their first {Rank} principal components as '{Output}'", lines);
    }
}
