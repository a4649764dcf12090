using Loom.Components.Features;

namespace Loom.Components.CodeGen;

/// <summary>
/// A <see cref="FeaturePlan"/> as one ML.NET estimator chain in generated code. Columns are converted in
/// place (a column keeps its name as it becomes a feature), grouped by what happens to them; the
/// <c>Features</c> vector lists them in the plan's order, which is what the learner sees.
/// </summary>
internal static class FeatureCode
{
    /// <summary>Lines declaring <paramref name="variable"/> as the featurizing estimator.</summary>
    public static IReadOnlyList<string> Estimator(string variable, FeaturePlan plan)
    {
        var numbers = plan.Features.Where(f => f.Kind == FeatureKind.Number).ToList();
        var singles = plan.Features.Where(f => f.Kind is FeatureKind.Number or FeatureKind.Boolean).Select(f => f.Column).ToList();
        var indicators = numbers.Where(f => f.MissingIndicator).Select(f => f.Column).ToList();
        var estimators = new List<string>();
        if (singles.Count > 0)
        {
            estimators.Add($"ml.Transforms.Conversion.ConvertType({Pairs(singles)}, DataKind.Single)");
        }

        if (indicators.Count > 0)
        {
            estimators.Add($"ml.Transforms.IndicateMissingValues({Pairs(indicators.Select(c => (Indicator(c), c)))})");
            estimators.Add($"ml.Transforms.Conversion.ConvertType({Pairs(indicators.Select(Indicator))}, DataKind.Single)");
        }

        if (numbers.Count > 0)
        {
            estimators.Add($"ml.Transforms.ReplaceMissingValues({Pairs(numbers.Select(f => f.Column))}, MissingValueReplacingEstimator.ReplacementMode.Mean)");
            if (plan.Normalize)
            {
                estimators.Add($"ml.Transforms.NormalizeMinMax({Pairs(numbers.Select(f => f.Column))})");
            }
        }

        var oneHot = plan.Features.Where(f => f.Kind == FeatureKind.OneHot).Select(f => f.Column).ToList();
        if (oneHot.Count > 0)
        {
            estimators.Add($"ml.Transforms.Categorical.OneHotEncoding({Pairs(oneHot)})");
        }

        var hashed = plan.Features.Where(f => f.Kind == FeatureKind.HashedOneHot).Select(f => f.Column).ToList();
        if (hashed.Count > 0)
        {
            estimators.Add($"ml.Transforms.Categorical.OneHotHashEncoding({Pairs(hashed)}, numberOfBits: {AutoFeaturizer.HashBits})");
        }

        estimators.AddRange(plan.Features.Where(f => f.Kind == FeatureKind.Text).Select(f => $"ml.Transforms.Text.FeaturizeText({CSharpLiteral.Of(f.Column)})"));
        var parts = plan.Features.SelectMany(f => f.MissingIndicator ? [f.Column, Indicator(f.Column)] : new[] { f.Column });
        estimators.Add($"ml.Transforms.Concatenate(\"Features\", {string.Join(", ", parts.Select(CSharpLiteral.Of))})");

        return Chain(variable, estimators);
    }

    /// <summary>Lines declaring <paramref name="variable"/> as the estimators appended one to the next.</summary>
    internal static IReadOnlyList<string> Chain(string variable, IReadOnlyList<string> estimators)
    {
        var lines = new List<string> { $"var {variable} = {estimators[0]}" };
        lines.AddRange(estimators.Skip(1).Select(e => $"    .Append({e})"));
        lines[^1] += ";";
        return lines;
    }

    /// <summary>The missing-value indicator column of a number column.</summary>
    private static string Indicator(string column) => column + ".missing";

    internal static string Pairs(IEnumerable<string> columns) => "[" + string.Join(", ", columns.Select(c => $"new({CSharpLiteral.Of(c)})")) + "]";

    internal static string Pairs(IEnumerable<(string Output, string Input)> columns) =>
        "[" + string.Join(", ", columns.Select(c => $"new({CSharpLiteral.Of(c.Output)}, {CSharpLiteral.Of(c.Input)})")) + "]";
}
