using Loom.Components.CodeGen;
using Loom.Sdk;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Loom.Components.Features;

/// <summary>Adds products of number columns.</summary>
[Component("features.polynomial", "1.0.0", Example = "poly: { component: features.polynomial@1, inputs: { table: split.train }, params: { columns: [carat, depth, table] } }", Category = "features", Description = "Adds degree-two features of number columns: the product of every pair (a_x_b) and, optionally, each column's square (a_sq), so linear learners can model interactions and curvature.")]
internal sealed class FeaturesPolynomial : FeatureStep
{
    [Parameter("columns", Required = true, Description = "Number columns to combine (n columns give n(n-1)/2 products).")]
    public string[] Columns { get; set; } = [];

    [Parameter("squares", Description = "Whether to add each column's square as well.")]
    public bool Squares { get; set; } = true;

    protected override (IEstimator<ITransformer> Estimator, IReadOnlyList<string> Reads) Plan(MLContext ml, IDataView data, IComponentContext context)
    {
        Require(data, Columns, context.StepName, "columns", ColumnShape.Number);
        if (Columns.Length < 2 && !Squares)
        {
            throw new DataException($"step '{context.StepName}', 'columns': products need at least two columns");
        }

        IEstimator<ITransformer> chain = new EstimatorChain<ITransformer>();
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Squares)
            {
                chain = chain.Append(ml.Transforms.Expression($"{Columns[i]}_sq", "(a) => a * a", Columns[i]));
            }

            for (var j = i + 1; j < Columns.Length; j++)
            {
                chain = chain.Append(ml.Transforms.Expression($"{Columns[i]}_x_{Columns[j]}", "(a, b) => a * b", Columns[i], Columns[j]));
            }
        }

        return (chain, Columns);
    }

    protected override FeatureEstimatorCode? EstimatorCode(StepCode step, MLContext ml, IDataView data, string view, CancellationToken cancellationToken)
    {
        var estimators = new List<string>();
        for (var i = 0; i < Columns.Length; i++)
        {
            if (Squares)
            {
                estimators.Add($"ml.Transforms.Expression({CSharpLiteral.Of($"{Columns[i]}_sq")}, \"(a) => a * a\", {CSharpLiteral.Of(Columns[i])})");
            }

            for (var j = i + 1; j < Columns.Length; j++)
            {
                estimators.Add($"ml.Transforms.Expression({CSharpLiteral.Of($"{Columns[i]}_x_{Columns[j]}")}, \"(a, b) => a * b\", {CSharpLiteral.Of(Columns[i])}, {CSharpLiteral.Of(Columns[j])})");
            }
        }

        return new FeatureEstimatorCode($"adds the pairwise products{(Squares ? " and squares" : "")} of {string.Join(", ", Columns.Select(c => $"'{c}'"))}", FeatureCode.Chain("featurizer", estimators));
    }
}
